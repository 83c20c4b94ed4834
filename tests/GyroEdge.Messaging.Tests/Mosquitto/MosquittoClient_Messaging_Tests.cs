using System.Text;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Tests.Support;
using GyroEdge.TestSupport;

namespace GyroEdge.Messaging.Tests.Mosquitto;

public sealed class MosquittoClient_Messaging_Tests : IClassFixture<LocalMosquittoBroker>
{
    private readonly LocalMosquittoBroker _broker;

    public MosquittoClient_Messaging_Tests(LocalMosquittoBroker broker) => _broker = broker;

    [Theory]
    [InlineData(MqttQos.AtMostOnce)]
    [InlineData(MqttQos.AtLeastOnce)]
    [InlineData(MqttQos.ExactlyOnce)]
    public async Task Round_Trips_A_Binary_Payload_And_Its_Properties(MqttQos qos)
    {
        var topic = Topics.Unique("round-trip");
        using var subscriber = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(subscriber);
        Assert.Equal(MqttQos.ExactlyOnce, await subscriber.SubscribeAsync(topic, MqttQos.ExactlyOnce));
        using var publisher = await TestClients.ConnectedAsync(_broker);

        // Every byte value, NULs included, and more than one TCP segment's worth.
        var payload = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();
        byte[] correlation = [0, 1, 0xFF, 0, 42];
        var sent = new MqttPublishProperties
        {
            ContentType = "image/jpeg",
            ResponseTopic = topic + "/result",
            CorrelationData = correlation,
            UserProperties = [new("frame_id", "17"), new("frame_id", "18"), new("gyro_quality", "dégradé")],
            MessageExpirySeconds = 3600,
        };

        var result = publisher.Publish(topic, payload, qos, properties: sent);
        var message = await inbox.NextAsync(topic);

        Assert.Equal(PublishStatus.Queued, result.Status);
        Assert.Equal(payload, message.Payload.ToArray());
        Assert.Equal(qos, message.Qos);
        Assert.False(message.Retain);
        Assert.Equal("image/jpeg", message.Properties.ContentType);
        Assert.Equal(topic + "/result", message.Properties.ResponseTopic);
        Assert.Equal(correlation, message.Properties.CorrelationData.ToArray());
        Assert.Equal(sent.UserProperties, message.Properties.UserProperties);
        // The broker forwards the time left, never more than was asked for.
        Assert.InRange(message.Properties.MessageExpirySeconds.GetValueOrDefault(), 3590u, 3600u);
    }

    [Fact]
    public async Task Delivers_A_Message_Without_Properties_With_Empty_Properties()
    {
        var topic = Topics.Unique("plain");
        using var subscriber = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(subscriber);
        await subscriber.SubscribeAsync(topic);
        using var publisher = await TestClients.ConnectedAsync(_broker);

        publisher.Publish(topic, []);
        var message = await inbox.NextAsync(topic);

        Assert.True(message.Payload.IsEmpty);
        Assert.Null(message.Properties.ContentType);
        Assert.Empty(message.Properties.UserProperties);
        Assert.True(message.Properties.CorrelationData.IsEmpty);
        Assert.Null(message.Properties.MessageExpirySeconds);
    }

    [Fact]
    public async Task Delivers_A_Retained_Message_To_A_Subscriber_That_Comes_Later()
    {
        var topic = Topics.Unique("retained");
        using var publisher = await TestClients.ConnectedAsync(_broker);
        var acknowledgements = new PublishAcknowledgements(publisher);

        var result = publisher.Publish(topic, "online"u8, MqttQos.AtLeastOnce, retain: true, new MqttPublishProperties { ContentType = "text/plain" });
        await acknowledgements.For(result.MessageId).WaitAsync(Wait.Timeout);
        using var subscriber = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(subscriber);
        await subscriber.SubscribeAsync(topic);
        var message = await inbox.NextAsync(topic);

        Assert.True(message.Retain);
        Assert.Equal("online", Encoding.UTF8.GetString(message.Payload.Span));
        Assert.Equal("text/plain", message.Properties.ContentType);
    }

    [Fact]
    public async Task Publish_Without_Properties_Allocates_Nothing_On_The_Managed_Heap()
    {
        var topic = Topics.Unique("allocations");
        using var publisher = await TestClients.ConnectedAsync(_broker);
        var payload = new byte[64 * 1024];
        // Warm up: JIT and the marshalling stubs allocate on first use.
        for (var i = 0; i < 3; i++)
        {
            publisher.Publish(topic, payload, MqttQos.AtMostOnce);
            publisher.Publish(topic, payload, MqttQos.AtLeastOnce);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            publisher.Publish(topic, payload, MqttQos.AtLeastOnce);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task Raises_PublishCompleted_With_The_Returned_Id_When_The_Broker_Acknowledges_Qos1()
    {
        var topic = Topics.Unique("puback");
        using var publisher = await TestClients.ConnectedAsync(_broker);
        var acknowledgements = new PublishAcknowledgements(publisher);

        var first = publisher.Publish(topic, "a"u8, MqttQos.AtLeastOnce);
        var second = publisher.Publish(topic, "b"u8, MqttQos.AtLeastOnce);
        var firstAck = await acknowledgements.For(first.MessageId).WaitAsync(Wait.Timeout);
        var secondAck = await acknowledgements.For(second.MessageId).WaitAsync(Wait.Timeout);

        Assert.NotEqual(first.MessageId, second.MessageId);
        Assert.True(firstAck.IsAccepted);
        // Nobody subscribes to the topic: an MQTT 5 broker says so in the PUBACK (reason 16).
        Assert.Equal(16, firstAck.ReasonCode);
        Assert.Equal(second.MessageId, secondAck.MessageId);
    }

    [Fact]
    public async Task Publishes_The_Will_When_A_Client_Vanishes_Without_Disconnecting()
    {
        var statusTopic = Topics.Unique("status");
        using var observer = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(observer);
        await observer.SubscribeAsync(statusTopic);
        // The device reaches the broker through a relay, so the test can cut its connection the way a power loss would.
        using var relay = new TcpRelay(_broker.Host, _broker.Port);
        using var device = await TestClients.ConnectedAsync(_broker, options =>
        {
            options.Port = relay.Port;
            options.Will = new MqttWillOptions
            {
                Topic = statusTopic,
                Payload = "offline"u8.ToArray(),
                Qos = MqttQos.AtLeastOnce,
                Properties = new MqttPublishProperties { ContentType = "text/plain", UserProperties = [new("reason", "connection lost")] },
            };
        });

        relay.CutAll();
        var will = await inbox.NextAsync(statusTopic);

        Assert.Equal("offline", Encoding.UTF8.GetString(will.Payload.Span));
        Assert.Equal(MqttQos.AtLeastOnce, will.Qos);
        Assert.Equal("text/plain", will.Properties.ContentType);
        Assert.Equal([new MqttUserProperty("reason", "connection lost")], will.Properties.UserProperties);
    }

    [Fact]
    public async Task Does_Not_Publish_The_Will_When_The_Client_Disconnects_Cleanly()
    {
        var statusTopic = Topics.Unique("status");
        var afterTopic = Topics.Unique("after");
        using var observer = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(observer);
        await observer.SubscribeAsync(statusTopic);
        await observer.SubscribeAsync(afterTopic);
        var options = TestClients.OptionsFor(_broker);
        options.Will = new MqttWillOptions { Topic = statusTopic, Payload = "offline"u8.ToArray() };
        var device = new MosquittoClient(options);
        await device.ConnectAsync(Wait.Timeout);

        device.Dispose();
        // "disconnected." (not "closed its connection.") is mosquitto's line for a DISCONNECT packet,
        // after which it discards the will.
        await Wait.UntilAsync(() => _broker.ReadLog().Contains($"Client {options.ClientId} disconnected.", StringComparison.Ordinal),
            "the broker to log the clean disconnect");
        using var other = await TestClients.ConnectedAsync(_broker);
        other.Publish(afterTopic, "after"u8, MqttQos.AtLeastOnce);
        await inbox.NextAsync(afterTopic);

        Assert.DoesNotContain(inbox.All, m => m.Topic == statusTopic);
    }

    [Fact]
    public async Task Delivers_Each_Message_Exactly_Once_Across_A_Shared_Subscription_Group()
    {
        var topic = Topics.Unique("shared");
        var flush = topic + "/flush";
        var shared = MqttTopicFilter.Shared("consumers-" + Guid.NewGuid().ToString("N")[..8], topic);
        using var first = await TestClients.ConnectedAsync(_broker);
        using var second = await TestClients.ConnectedAsync(_broker);
        var firstInbox = new MessageInbox(first);
        var secondInbox = new MessageInbox(second);
        foreach (var member in new[] { first, second })
        {
            Assert.Equal(MqttQos.AtLeastOnce, await member.SubscribeAsync(shared, MqttQos.AtLeastOnce));
            await member.SubscribeAsync(flush, MqttQos.AtLeastOnce);
        }
        using var publisher = await TestClients.ConnectedAsync(_broker);

        const int count = 40;
        for (var i = 0; i < count; i++)
            publisher.Publish(topic, BitConverter.GetBytes(i), MqttQos.AtLeastOnce);
        publisher.Publish(flush, "flush"u8, MqttQos.AtLeastOnce);
        // The broker routes one publisher's messages in order, so once each member has the flush
        // marker it has every shared message meant for it.
        await firstInbox.NextAsync(flush);
        await secondInbox.NextAsync(flush);

        var received = firstInbox.All.Concat(secondInbox.All)
            .Where(m => m.Topic == topic)
            .Select(m => BitConverter.ToInt32(m.Payload.Span))
            .Order()
            .ToArray();
        Assert.Equal(Enumerable.Range(0, count), received);
    }

    [Fact]
    public async Task Stops_Delivering_After_Unsubscribe()
    {
        var topic = Topics.Unique("unsubscribe");
        var flush = topic + "/flush";
        using var subscriber = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(subscriber);
        await subscriber.SubscribeAsync(topic);
        await subscriber.SubscribeAsync(flush);
        using var publisher = await TestClients.ConnectedAsync(_broker);
        publisher.Publish(topic, "before"u8);
        await inbox.NextAsync(topic);

        await subscriber.UnsubscribeAsync(topic);
        publisher.Publish(topic, "after"u8);
        publisher.Publish(flush, "flush"u8);
        await inbox.NextAsync(flush);

        Assert.Single(inbox.All, m => m.Topic == topic);
    }

    [Fact]
    public async Task Reports_A_Throwing_Handler_And_Keeps_Delivering_To_The_Others()
    {
        var topic = Topics.Unique("throwing-handler");
        using var subscriber = await TestClients.ConnectedAsync(_broker);
        var failures = new TaskCompletionSource<MqttHandlerFailedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.HandlerFailed += (_, e) => failures.TrySetResult(e);
        subscriber.MessageReceived += (_, e) => throw new InvalidOperationException("bug in a consumer: " + Encoding.UTF8.GetString(e.Message.Payload.Span));
        var inbox = new MessageInbox(subscriber);
        await subscriber.SubscribeAsync(topic);
        using var publisher = await TestClients.ConnectedAsync(_broker);

        publisher.Publish(topic, "first"u8, MqttQos.AtLeastOnce);
        publisher.Publish(topic, "second"u8, MqttQos.AtLeastOnce);
        var failure = await failures.Task.WaitAsync(Wait.Timeout);
        var first = await inbox.NextAsync(topic);
        var second = await inbox.NextAsync(topic);

        Assert.Equal("MessageReceived", failure.EventName);
        Assert.Equal("bug in a consumer: first", Assert.IsType<InvalidOperationException>(failure.Exception).Message);
        Assert.Equal("first", Encoding.UTF8.GetString(first.Payload.Span));
        Assert.Equal("second", Encoding.UTF8.GetString(second.Payload.Span));
        Assert.True(subscriber.IsConnected);
    }

    [Fact]
    public async Task Queues_A_Qos1_Message_Published_Before_Connecting_And_Sends_It_After_Connack()
    {
        var topic = Topics.Unique("before-connect");
        using var subscriber = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(subscriber);
        await subscriber.SubscribeAsync(topic);
        using var publisher = new MosquittoClient(TestClients.OptionsFor(_broker));
        var acknowledgements = new PublishAcknowledgements(publisher);

        var queued = publisher.Publish(topic, "kept"u8, MqttQos.AtLeastOnce);
        var dropped = publisher.Publish(topic, "lost"u8, MqttQos.AtMostOnce);
        await publisher.ConnectAsync(Wait.Timeout);
        var message = await inbox.NextAsync(topic);

        Assert.Equal(PublishStatus.QueuedWhileDisconnected, queued.Status);
        Assert.Equal(PublishStatus.DroppedWhileDisconnected, dropped.Status);
        Assert.Equal("kept", Encoding.UTF8.GetString(message.Payload.Span));
        Assert.True((await acknowledgements.For(queued.MessageId).WaitAsync(Wait.Timeout)).IsAccepted);
    }

    [Fact]
    public async Task Throws_An_MqttException_Naming_The_Call_When_libmosquitto_Rejects_A_Filter()
    {
        using var client = await TestClients.ConnectedAsync(_broker);

        var error = await Assert.ThrowsAsync<MqttException>(() => client.SubscribeAsync("gyroedge/#/frame"));

        Assert.Equal(MosquittoErrorCode.Invalid, error.ErrorCode);
        Assert.Equal("mosquitto_subscribe_v5", error.Operation);
        Assert.Contains("mosquitto_subscribe_v5 failed:", error.Message, StringComparison.Ordinal);
        Assert.Contains("(MOSQ_ERR_INVAL, 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_Properties_On_An_Mqtt311_Connection_Naming_The_Option_To_Change()
    {
        using var client = await TestClients.ConnectedAsync(_broker, options => options.ProtocolVersion = MqttProtocolVersion.V311);

        var error = Assert.Throws<MqttException>(() =>
            client.Publish(Topics.Unique("v311"), "x"u8, properties: new MqttPublishProperties { ContentType = "text/plain" }));

        Assert.Equal(MosquittoErrorCode.NotSupported, error.ErrorCode);
        Assert.Contains("ProtocolVersion = V5", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("gyroedge/+/frame")]
    [InlineData("gyroedge/#")]
    public async Task Publish_Rejects_A_Topic_That_Is_Empty_Or_Has_Wildcards(string topic)
    {
        using var client = await TestClients.ConnectedAsync(_broker);

        var error = Assert.Throws<ArgumentException>(() => client.Publish(topic, "x"u8));

        Assert.Equal("topic", error.ParamName);
    }

    [Fact]
    public async Task Refuses_NoLocal_On_A_Shared_Subscription()
    {
        using var client = await TestClients.ConnectedAsync(_broker);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.SubscribeAsync(MqttTopicFilter.Shared("g", "gyroedge/#"), options: new MqttSubscribeOptions { NoLocal = true }));

        Assert.Contains("NoLocal", error.Message, StringComparison.Ordinal);
    }
}
