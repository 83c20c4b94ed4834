using System.Collections.Concurrent;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Mosquitto;

namespace GyroEdge.Messaging.Tests.Support;

/// <summary>
/// A fleet consumer whose session outlives broker restarts: MQTT 3.1.1 with clean_session false (the
/// binding cannot send MQTT 5's Session Expiry Interval), on a broker with persistence, stopped with
/// SIGTERM so it saves the session. Its subscription then exists from the moment the broker is back,
/// and the frames published before it reconnects wait in its queue: anything missing afterwards is
/// the device's fault, which is what the outage tests are after. Reads frame/meta (JSON), the topic
/// meant for 3.1.1 consumers.
/// </summary>
internal sealed class PersistentConsumer : IDisposable
{
    private readonly MosquittoClient _client;
    private readonly ConcurrentQueue<FrameMetadata> _received = new();

    private PersistentConsumer(MosquittoClient client)
    {
        _client = client;
        _client.MessageReceived += (_, e) => _received.Enqueue(FrameMetadataFields.FromJson(e.Message.Payload.Span));
    }

    /// <summary>Every frame/meta message received, duplicates included, in arrival order.</summary>
    public IReadOnlyList<FrameMetadata> Received => [.. _received];

    public static async Task<PersistentConsumer> SubscribeAsync(LocalMosquittoBroker broker, string device)
    {
        var options = TestClients.OptionsFor(broker);
        options.ProtocolVersion = MqttProtocolVersion.V311;
        options.CleanStart = false;
        var client = new MosquittoClient(options);
        try
        {
            await client.ConnectAsync(Wait.Timeout);
            await client.SubscribeAsync($"gyroedge/v1/{device}/frame/meta", MqttQos.AtLeastOnce);
            return new PersistentConsumer(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Dispose() => _client.Dispose();
}
