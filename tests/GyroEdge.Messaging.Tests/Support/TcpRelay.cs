using System.Net;
using System.Net.Sockets;

namespace GyroEdge.Messaging.Tests.Support;

/// <summary>
/// Forwards TCP connections from a loopback port to a target (the broker), so a test can cut a
/// client's connection the way a power loss or a network failure would: the broker sees the TCP
/// connection end without an MQTT DISCONNECT, and the client sees its connection drop.
/// </summary>
internal sealed class TcpRelay : IDisposable
{
    private readonly IPEndPoint _target;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Socket> _sockets = [];

    public TcpRelay(string targetHost, int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Parse(targetHost), targetPort);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Closes both ends of every relayed connection; new connections are still relayed.</summary>
    public void CutAll()
    {
        Socket[] sockets;
        lock (_gate)
        {
            sockets = [.. _sockets];
            _sockets.Clear();
        }
        foreach (var socket in sockets)
            socket.Dispose();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        CutAll();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await upstream.ConnectAsync(_target, _stop.Token);
                }
                catch (SocketException)
                {
                    client.Dispose();
                    upstream.Dispose();
                    continue;
                }
                lock (_gate)
                {
                    _sockets.Add(client);
                    _sockets.Add(upstream);
                }
                _ = PumpAsync(client, upstream);
                _ = PumpAsync(upstream, client);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        catch (ObjectDisposedException)
        {
            // Disposed.
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var received = await from.ReceiveAsync(buffer);
                if (received == 0)
                    break;
                await to.SendAsync(buffer.AsMemory(0, received));
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // One side was cut; CutAll closes the other.
        }
        catch (ObjectDisposedException)
        {
            // Cut by CutAll.
        }
    }
}
