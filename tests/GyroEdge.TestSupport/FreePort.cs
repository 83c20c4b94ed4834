using System.Net;
using System.Net.Sockets;

namespace GyroEdge.TestSupport;

/// <summary>Loopback TCP ports for servers a test starts (a mosquitto broker, the health endpoint).</summary>
public static class FreePort
{
    /// <summary>A port on 127.0.0.1 that was free a moment ago (the OS picks it).</summary>
    public static int OnLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
