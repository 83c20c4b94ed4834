using System.Collections.Concurrent;
using System.Threading.Channels;
using GyroEdge.Messaging.Mosquitto;

namespace GyroEdge.Messaging.Tests.Support;

/// <summary>Collects what a client receives, for tests to await in order.</summary>
internal sealed class MessageInbox
{
    private readonly Channel<MqttReceivedMessage> _arrivals = Channel.CreateUnbounded<MqttReceivedMessage>();
    private readonly ConcurrentQueue<MqttReceivedMessage> _all = new();

    public MessageInbox(MosquittoClient client)
    {
        client.MessageReceived += (_, e) =>
        {
            _all.Enqueue(e.Message);
            _arrivals.Writer.TryWrite(e.Message);
        };
    }

    /// <summary>Everything received so far, in arrival order.</summary>
    public IReadOnlyList<MqttReceivedMessage> All => [.. _all];

    /// <summary>The next message on <paramref name="topic"/>, skipping others.</summary>
    public async Task<MqttReceivedMessage> NextAsync(string topic, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? Wait.Timeout);
        try
        {
            while (true)
            {
                var message = await _arrivals.Reader.ReadAsync(cancel.Token);
                if (message.Topic == topic)
                    return message;
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No message on {topic} within {(timeout ?? Wait.Timeout).TotalSeconds} s; received: {string.Join(", ", All.Select(m => m.Topic))}.");
            throw;
        }
    }
}
