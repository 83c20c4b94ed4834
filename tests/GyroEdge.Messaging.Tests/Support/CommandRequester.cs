using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Mosquitto;

namespace GyroEdge.Messaging.Tests.Support;

/// <summary>An operator's MQTT 5 client sending commands to one device and matching answers by correlation data.</summary>
internal sealed class CommandRequester : IDisposable
{
    private readonly MosquittoClient _client;
    private readonly string _device;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<MqttReceivedMessage>> _waiting = new();

    private CommandRequester(MosquittoClient client, string device)
    {
        _client = client;
        _device = device;
        _client.MessageReceived += (_, e) =>
        {
            var key = Convert.ToHexString(e.Message.Properties.CorrelationData.Span);
            if (_waiting.TryRemove(key, out var waiter))
                waiter.TrySetResult(e.Message);
        };
    }

    public static async Task<CommandRequester> ConnectAsync(LocalMosquittoBroker broker, string device)
    {
        var client = await TestClients.ConnectedAsync(broker);
        await client.SubscribeAsync($"gyroedge/v1/{device}/cmd/+/result");
        return new CommandRequester(client, device);
    }

    /// <summary>Sends <paramref name="payload"/> to cmd/<paramref name="name"/> and returns the response JSON and the message it came in.</summary>
    public async Task<(JsonObject Response, MqttReceivedMessage Message)> SendAsync(string name, string payload, string? responseTopic = null)
    {
        var correlation = Guid.NewGuid().ToByteArray();
        var waiter = new TaskCompletionSource<MqttReceivedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[Convert.ToHexString(correlation)] = waiter;
        _client.Publish($"gyroedge/v1/{_device}/cmd/{name}", Encoding.UTF8.GetBytes(payload), MqttQos.AtLeastOnce, retain: false, new MqttPublishProperties
        {
            ResponseTopic = responseTopic ?? $"gyroedge/v1/{_device}/cmd/{name}/result",
            CorrelationData = correlation,
        });
        var message = await waiter.Task.WaitAsync(Wait.Timeout);
        return ((JsonObject)JsonNode.Parse(message.Payload.Span)!, message);
    }

    public void Dispose() => _client.Dispose();
}
