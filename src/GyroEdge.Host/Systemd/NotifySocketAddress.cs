using System.Net.Sockets;

namespace GyroEdge.Host.Systemd;

/// <summary>
/// Turns the value of $NOTIFY_SOCKET into a Unix socket address, with the forms sd_notify(3)
/// accepts: an absolute path, or "@name" for the abstract namespace (the "@" stands for the
/// leading NUL byte that Linux uses to mark an abstract address).
/// </summary>
internal static class NotifySocketAddress
{
    /// <summary>The Unix endpoint for <paramref name="value"/>, or an exception that says which form was expected.</summary>
    internal static UnixDomainSocketEndPoint Parse(string value)
    {
        if (value.StartsWith("vsock", StringComparison.Ordinal))
        {
            // systemd 254+ passes vsock:CID:PORT to services inside VMs; that needs AF_VSOCK,
            // which .NET has no endpoint type for.
            throw new NotSupportedException(
                $"NOTIFY_SOCKET={value} names an AF_VSOCK socket, which GyroEdge cannot send to; it supports AF_UNIX sockets (\"/path\" or \"@abstract\"). "
                + "Run the service under a systemd that passes a Unix socket (the usual case on a board), or set Type=simple/exec in the unit so no notification is expected.");
        }
        if (value.Length < 2 || value[0] is not ('/' or '@'))
        {
            throw new ArgumentException(
                $"NOTIFY_SOCKET={value} is not a socket address sd_notify understands: expected an absolute path (\"/run/systemd/notify\") or an abstract name (\"@name\"). "
                + "systemd sets this variable itself; unset it when not running under systemd.",
                nameof(value));
        }
        var path = value[0] == '@' ? string.Concat("\0", value.AsSpan(1)) : value;
        try
        {
            return new UnixDomainSocketEndPoint(path);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // sockaddr_un.sun_path is 108 bytes on Linux, NUL included for a path.
            throw new ArgumentException(
                $"NOTIFY_SOCKET={value} is longer than a Unix socket address can be (108 bytes in sockaddr_un). Expected the short path systemd passes.",
                nameof(value), e);
        }
    }
}
