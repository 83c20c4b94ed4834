using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Tests.Support;

namespace GyroEdge.Messaging.Tests.Mosquitto;

public sealed class MqttPropertyWriter_Tests : IClassFixture<LocalMosquittoBroker>
{
    private readonly LocalMosquittoBroker _broker;

    public MqttPropertyWriter_Tests(LocalMosquittoBroker broker)
    {
        _broker = broker;
    }

    [Fact]
    public async Task Delivers_The_Content_Type_And_User_Properties_Written_As_Utf8()
    {
        var topic = Topics.Unique("writer");
        using var subscriber = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(subscriber);
        await subscriber.SubscribeAsync(topic);
        using var publisher = await TestClients.ConnectedAsync(_broker);
        using var properties = new MqttPropertyWriter();

        properties.SetContentType("image/jpeg"u8);
        properties.AddUserProperty("frame_id"u8, "7"u8);
        properties.AddUserProperty("model"u8, "gyrodeblur-s ü"u8);
        publisher.Publish(topic, "jpeg"u8, MqttQos.AtLeastOnce, retain: false, properties);
        var message = await inbox.NextAsync(topic);

        Assert.Equal("image/jpeg", message.Properties.ContentType);
        Assert.Equal([new MqttUserProperty("frame_id", "7"), new MqttUserProperty("model", "gyrodeblur-s ü")], message.Properties.UserProperties);
    }

    [Fact]
    public async Task Publishing_With_A_Reused_Writer_Allocates_Nothing_On_The_Managed_Heap()
    {
        var topic = Topics.Unique("writer-allocations");
        using var publisher = await TestClients.ConnectedAsync(_broker);
        using var properties = new MqttPropertyWriter();
        var payload = new byte[64 * 1024];
        void PublishOne()
        {
            properties.Clear();
            properties.SetContentType("image/jpeg"u8);
            for (var i = 0; i < 16; i++)
                properties.AddUserProperty("latency_infer_ms"u8, "41.5"u8);
            publisher.Publish(topic, payload, MqttQos.AtLeastOnce, retain: false, properties);
        }
        for (var i = 0; i < 3; i++)
            PublishOne();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            PublishOne();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Refuses_A_Second_Content_Type_Until_Cleared()
    {
        using var properties = new MqttPropertyWriter();
        properties.SetContentType("image/jpeg"u8);

        var error = Assert.Throws<InvalidOperationException>(() => properties.SetContentType("image/png"u8));
        properties.Clear();
        properties.SetContentType("image/png"u8);

        Assert.Contains("Call Clear first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_Invalid_Utf8_That_Would_Make_The_Broker_Drop_The_Connection()
    {
        using var properties = new MqttPropertyWriter();

        var error = Assert.Throws<ArgumentException>(() => properties.AddUserProperty("name"u8, [0xC3, 0x28]));

        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }
}
