using System.Net.Sockets;
using System.Text;

namespace GyroEdge.Host.Tests.Systemd;

/// <summary>
/// Plays systemd's side of $NOTIFY_SOCKET: a bound Unix datagram socket, at a path in a fresh
/// temporary folder or at an abstract name, that hands back each datagram it receives.
/// </summary>
internal sealed class NotifySocketListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly DirectoryInfo? _folder;

    private NotifySocketListener(string notifySocketValue, string bindPath, DirectoryInfo? folder)
    {
        NotifySocketValue = notifySocketValue;
        _folder = folder;
        _socket.Bind(new UnixDomainSocketEndPoint(bindPath));
        // A bound for a test that would otherwise hang if nothing arrives; not a timing assertion.
        _socket.ReceiveTimeout = 10_000;
    }

    /// <summary>What systemd would put in $NOTIFY_SOCKET for this socket.</summary>
    public string NotifySocketValue { get; }

    public static NotifySocketListener AtPath()
    {
        var folder = Directory.CreateTempSubdirectory("gyroedge-notify-");
        var path = Path.Combine(folder.FullName, "notify");
        return new NotifySocketListener(path, path, folder);
    }

    public static NotifySocketListener InAbstractNamespace()
    {
        var name = "gyroedge-notify-test-" + Guid.NewGuid().ToString("N");
        return new NotifySocketListener("@" + name, "\0" + name, folder: null);
    }

    public byte[] ReceiveBytes()
    {
        var buffer = new byte[8192];
        var length = _socket.Receive(buffer);
        return buffer[..length];
    }

    public string Receive() => Encoding.UTF8.GetString(ReceiveBytes());

    /// <summary>Whether a datagram is queued now, without waiting.</summary>
    public bool Available => _socket.Poll(0, SelectMode.SelectRead);

    /// <summary>Datagrams already queued, without waiting.</summary>
    public int Pending => _socket.Available > 0 ? CountQueued() : 0;

    public void Dispose()
    {
        _socket.Dispose();
        _folder?.Delete(recursive: true);
    }

    private int CountQueued()
    {
        var count = 0;
        var buffer = new byte[8192];
        while (_socket.Poll(0, SelectMode.SelectRead))
        {
            _socket.Receive(buffer);
            count++;
        }
        return count;
    }
}
