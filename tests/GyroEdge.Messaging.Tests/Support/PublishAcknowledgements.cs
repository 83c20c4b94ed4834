using System.Collections.Concurrent;
using GyroEdge.Messaging.Mosquitto;

namespace GyroEdge.Messaging.Tests.Support;

/// <summary>
/// PublishCompleted by message id. The acknowledgement may arrive before Publish has returned the
/// id, so both sides meet in one dictionary of completion sources.
/// </summary>
internal sealed class PublishAcknowledgements
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource<MqttPublishCompletedEventArgs>> _byId = new();

    public PublishAcknowledgements(MosquittoClient client)
    {
        client.PublishCompleted += (_, e) => Slot(e.MessageId).TrySetResult(e);
    }

    public Task<MqttPublishCompletedEventArgs> For(int messageId) => Slot(messageId).Task;

    private TaskCompletionSource<MqttPublishCompletedEventArgs> Slot(int messageId) =>
        _byId.GetOrAdd(messageId, _ => new TaskCompletionSource<MqttPublishCompletedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously));
}
