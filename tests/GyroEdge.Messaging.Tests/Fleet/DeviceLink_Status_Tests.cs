using System.Text.Json.Nodes;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Tests.Support;

namespace GyroEdge.Messaging.Tests.Fleet;

public sealed class DeviceLink_Status_Tests : IClassFixture<LocalMosquittoBroker>, IDisposable
{
    private readonly LocalMosquittoBroker _broker;
    private readonly TemporaryDirectory _folder = new("status");

    public DeviceLink_Status_Tests(LocalMosquittoBroker broker)
    {
        _broker = broker;
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Leaves_A_Retained_Online_Status_With_Versions_And_Calibration()
    {
        var device = DeviceLinks.NewDeviceId();
        var options = DeviceLinks.Options(_broker, device, _folder.Path);
        options.Description = options.Description with { Calibration = new JsonObject { ["time_offset_ms"] = 1.25 } };
        using var link = new DeviceLink(options);
        await link.ConnectAsync(Wait.Timeout);

        // Subscribing after the fact: only a retained status can arrive.
        var status = await RetainedStatusAsync(device);

        Assert.Equal("online", (string)status["state"]!);
        Assert.Equal(device, (string)status["device"]!);
        Assert.Equal("0.9.0-test", (string)status["software"]!);
        Assert.Equal("gyrodeblur-s-blind 1.2.0", (string)status["models"]!["blind"]!);
        Assert.Equal(1.25, (double)status["calibration"]!["time_offset_ms"]!);
        Assert.True(DateTimeOffset.TryParse((string)status["timestamp"]!, out _));
    }

    [Fact]
    public async Task Says_Offline_With_Reason_Shutdown_When_Disposed()
    {
        var device = DeviceLinks.NewDeviceId();
        using (var link = new DeviceLink(DeviceLinks.Options(_broker, device, _folder.Path)))
            await link.ConnectAsync(Wait.Timeout);

        var status = await RetainedStatusAsync(device);

        Assert.Equal("offline", (string)status["state"]!);
        Assert.Equal("shutdown", (string)status["reason"]!);
    }

    [Fact]
    public async Task Says_Offline_Through_The_Will_When_The_Connection_Is_Cut()
    {
        var device = DeviceLinks.NewDeviceId();
        using var relay = new TcpRelay(_broker.Host, _broker.Port);
        var options = DeviceLinks.Options(_broker.Host, relay.Port, device, _folder.Path);
        using var link = new DeviceLink(options);
        await link.ConnectAsync(Wait.Timeout);
        using var observer = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(observer);
        await observer.SubscribeAsync($"gyroedge/v1/{device}/status");
        await inbox.NextAsync($"gyroedge/v1/{device}/status");

        // Cut, and keep it cut long enough for the will to be seen before the link reconnects.
        relay.CutAll();
        var will = await inbox.NextAsync($"gyroedge/v1/{device}/status");
        var back = await inbox.NextAsync($"gyroedge/v1/{device}/status", Wait.Reconnect);

        Assert.Equal("offline", DeviceStatusDocument.ReadState(will.Payload.Span));
        Assert.Contains("connection lost", System.Text.Encoding.UTF8.GetString(will.Payload.Span), StringComparison.Ordinal);
        Assert.Equal("online", DeviceStatusDocument.ReadState(back.Payload.Span));
    }

    [Fact]
    public async Task Publishes_Telemetry_With_Outbox_Counters_And_The_Pipelines_Metrics()
    {
        var device = DeviceLinks.NewDeviceId();
        using var observer = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(observer);
        await observer.SubscribeAsync($"gyroedge/v1/{device}/telemetry");
        var options = DeviceLinks.Options(_broker, device, _folder.Path);
        options.TelemetryInterval = TimeSpan.FromMilliseconds(200);
        options.PipelineMetrics = () => new JsonObject { ["frames_dropped"] = 3 };
        using var link = new DeviceLink(options);
        await link.ConnectAsync(Wait.Timeout);
        link.PublishFrame(Frames.Metadata(device, 1), Frames.Payload(1));
        await Wait.UntilAsync(() => link.Outbox.Acknowledged == 1, "the frame acknowledged");

        JsonNode telemetry;
        do
            telemetry = JsonNode.Parse((await inbox.NextAsync($"gyroedge/v1/{device}/telemetry")).Payload.Span)!;
        while ((long)telemetry["outbox"]!["acknowledged"]! < 1);

        Assert.Equal(1, (long)telemetry["outbox"]!["appended"]!);
        Assert.Equal(0, (long)telemetry["outbox"]!["evicted"]!);
        Assert.Equal(0, (int)telemetry["outbox"]!["depth"]!);
        Assert.True((bool)telemetry["mqtt"]!["connected"]!);
        Assert.Equal(3, (int)telemetry["pipeline"]!["frames_dropped"]!);
    }

    [Fact]
    public async Task Publishes_A_New_Birth_When_The_Description_Changes()
    {
        var device = DeviceLinks.NewDeviceId();
        using var link = new DeviceLink(DeviceLinks.Options(_broker, device, _folder.Path));
        await link.ConnectAsync(Wait.Timeout);

        link.UpdateDescription(new DeviceDescription("1.0.0", new Dictionary<string, string> { ["gyro"] = "gyrodeblur-s 1.3.0" }));

        await Wait.UntilAsync(() => RetainedStatusAsync(device).Result["models"]!["gyro"]!.GetValue<string>() == "gyrodeblur-s 1.3.0", "the new model in the status");
    }

    private async Task<JsonNode> RetainedStatusAsync(string device)
    {
        using var observer = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(observer);
        await observer.SubscribeAsync($"gyroedge/v1/{device}/status");
        var message = await inbox.NextAsync($"gyroedge/v1/{device}/status");
        Assert.True(message.Retain);
        return JsonNode.Parse(message.Payload.Span)!;
    }
}
