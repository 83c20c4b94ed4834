using System.Text;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Tests.Support;
using GyroEdge.TestSupport;

namespace GyroEdge.Messaging.Tests.Mosquitto;

/// <summary>Each test owns its broker, because each one kills it.</summary>
public sealed class MosquittoClient_Outage_Tests
{
    private const int MOSQ_ERR_CONN_LOST = 7;

    [Fact]
    public async Task A_Qos1_Message_Published_While_The_Broker_Is_Down_Is_Delivered_Once_It_Is_Back()
    {
        using var broker = LocalMosquittoBroker.Launch();
        var topic = Topics.Unique("outage");
        using var publisher = new MosquittoClient(TestClients.OptionsFor(broker));
        var acknowledgements = new PublishAcknowledgements(publisher);
        var lost = new TaskCompletionSource<MqttDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        publisher.Disconnected += (_, e) => lost.TrySetResult(e);
        publisher.Connected += (_, _) =>
        {
            if (lost.Task.IsCompleted)
                reconnected.TrySetResult();
        };
        await publisher.ConnectAsync(Wait.Timeout);

        broker.Stop();
        var disconnect = await lost.Task.WaitAsync(Wait.Timeout);
        var result = publisher.Publish(topic, "frame 1"u8, MqttQos.AtLeastOnce, retain: true);
        broker.Start();
        await reconnected.Task.WaitAsync(Wait.Reconnect);
        var acknowledgement = await acknowledgements.For(result.MessageId).WaitAsync(Wait.Reconnect);

        Assert.Equal(MOSQ_ERR_CONN_LOST, disconnect.Code);
        Assert.False(disconnect.WasRequested);
        Assert.Equal(PublishStatus.QueuedWhileDisconnected, result.Status);
        Assert.True(acknowledgement.IsAccepted);
        // The restarted broker has no persistence, so the retained copy can only come from the resend.
        using var subscriber = await TestClients.ConnectedAsync(broker);
        var inbox = new MessageInbox(subscriber);
        await subscriber.SubscribeAsync(topic);
        var message = await inbox.NextAsync(topic);
        Assert.Equal("frame 1", Encoding.UTF8.GetString(message.Payload.Span));
    }

    [Fact]
    public async Task Connects_Once_The_Broker_Is_Up_When_It_Was_Down_At_Start()
    {
        using var broker = LocalMosquittoBroker.Launch();
        broker.Stop();
        using var client = new MosquittoClient(TestClients.OptionsFor(broker));
        var failed = new TaskCompletionSource<MqttConnectException>(TaskCreationOptions.RunContinuationsAsynchronously);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionFailed += (_, e) => failed.TrySetResult(e.Exception);
        client.Connected += (_, _) => connected.TrySetResult();

        client.Start();
        var failure = await failed.Task.WaitAsync(Wait.Timeout);
        broker.Start();
        // Not WaitForConnectAsync: it would report the failure of an attempt made while the broker was down.
        await connected.Task.WaitAsync(Wait.Reconnect);

        Assert.Contains("Connection refused", failure.Message, StringComparison.Ordinal);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Fails_A_Pending_Subscribe_When_The_Connection_Drops_Before_The_Suback()
    {
        using var broker = LocalMosquittoBroker.Launch();
        using var client = await TestClients.ConnectedAsync(broker);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, _) => lost.TrySetResult();

        broker.Stop();
        await lost.Task.WaitAsync(Wait.Timeout);
        var error = await Assert.ThrowsAsync<MqttException>(() => client.SubscribeAsync(Topics.Unique("late")));

        // Once disconnected libmosquitto refuses the SUBSCRIBE outright rather than queueing it.
        Assert.Equal(MosquittoErrorCode.NoConnection, error.ErrorCode);
        Assert.Contains("WaitForConnectAsync", error.Message, StringComparison.Ordinal);
    }
}
