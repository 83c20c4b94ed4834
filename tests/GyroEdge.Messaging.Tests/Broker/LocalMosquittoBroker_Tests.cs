using System.Net;
using System.Net.Sockets;
using GyroEdge.Messaging.Broker;
using GyroEdge.TestSupport;

namespace GyroEdge.Messaging.Tests.Broker;

public sealed class LocalMosquittoBroker_Tests
{
    [Fact]
    public void Stops_And_Starts_Again_On_The_Same_Port()
    {
        using var broker = LocalMosquittoBroker.Launch();
        var port = broker.Port;

        broker.Stop();
        var acceptedWhileStopped = Accepts(port);
        broker.Start();

        Assert.False(acceptedWhileStopped);
        Assert.Equal(port, broker.Port);
        Assert.True(broker.IsRunning);
        Assert.True(Accepts(port));
    }

    [Fact]
    public void Refuses_To_Start_On_A_Port_Another_Process_Listens_On()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var error = Assert.Throws<InvalidOperationException>(() => LocalMosquittoBroker.Launch(port));

        Assert.Contains($"Port {port} on 127.0.0.1 is taken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Logs_To_A_File_In_Its_Own_Folder()
    {
        using var broker = LocalMosquittoBroker.Launch();

        Assert.StartsWith(broker.Folder, broker.LogPath, StringComparison.Ordinal);
        Assert.Contains($"Opening ipv4 listen socket on port {broker.Port}", broker.ReadLog(), StringComparison.Ordinal);
    }

    private static bool Accepts(int port)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
