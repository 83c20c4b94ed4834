using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.TestSupport;

namespace GyroEdge.Messaging.Tests.Support;

/// <summary>Client options and connected clients for a test broker.</summary>
internal static class TestClients
{
    public static MqttClientOptions OptionsFor(LocalMosquittoBroker broker) => new()
    {
        Host = broker.Host,
        Port = broker.Port,
        ClientId = "t-" + Guid.NewGuid().ToString("N")[..20],
        KeepAliveSeconds = 10,
        // Reconnect every second, so broker restarts are noticed quickly.
        ReconnectDelaySeconds = 1,
        ReconnectDelayMaxSeconds = 1,
        ReconnectExponentialBackoff = false,
    };

    /// <summary>A client connected to <paramref name="broker"/>; <paramref name="configure"/> runs before the client is created.</summary>
    public static async Task<MosquittoClient> ConnectedAsync(LocalMosquittoBroker broker, Action<MqttClientOptions>? configure = null)
    {
        var options = OptionsFor(broker);
        configure?.Invoke(options);
        var client = new MosquittoClient(options);
        try
        {
            await client.ConnectAsync(Wait.Timeout);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
