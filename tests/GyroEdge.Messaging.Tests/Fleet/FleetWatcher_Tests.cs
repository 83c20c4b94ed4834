using System.Text.Json.Nodes;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Tests.Support;

namespace GyroEdge.Messaging.Tests.Fleet;

/// <summary>The fleet consumer against a real broker and devices publishing through their outboxes.</summary>
public sealed class FleetWatcher_Tests : IClassFixture<LocalMosquittoBroker>, IDisposable
{
    private readonly LocalMosquittoBroker _broker;
    private readonly TemporaryDirectory _folder = new("watch");

    public FleetWatcher_Tests(LocalMosquittoBroker broker)
    {
        _broker = broker;
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Saves_Each_Devices_Frames_And_Metadata_And_Shows_Them_Online()
    {
        var (a, b) = (DeviceLinks.NewDeviceId("cam-a"), DeviceLinks.NewDeviceId("cam-b"));
        using var watcher = new FleetWatcher(WatchOptions(_folder.Combine("out")));
        await watcher.ConnectAsync(Wait.Timeout);
        using var linkA = await ConnectedLinkAsync(a);
        using var linkB = await ConnectedLinkAsync(b);

        for (var id = 0; id < 5; id++)
        {
            linkA.PublishFrame(Frames.Metadata(a, id), Frames.Payload(id));
            linkB.PublishFrame(Frames.Metadata(b, 100 + id), Frames.Payload(100 + id));
        }
        await Wait.UntilAsync(() => watcher.Saved == 10, "10 saved frames");
        await Wait.UntilAsync(() => watcher.Devices().Count(d => (d.DeviceId == a || d.DeviceId == b) && d.Status == "online") == 2, "both devices online");

        var views = watcher.Devices().Where(d => d.DeviceId == a || d.DeviceId == b).ToList();
        Assert.Equal(2, views.Count);
        Assert.All(views, v => Assert.Equal(5, v.Frames));
        Assert.All(views, v => Assert.Equal(0, v.Duplicates));
        Assert.All(views, v => Assert.True(v.FramesPerSecond > 0));
        Assert.All(views, v => Assert.NotNull(v.LatencyMs));
        var files = Directory.GetFiles(_folder.Combine("out", b, "frames")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["000001.jpg", "000002.jpg", "000003.jpg", "000004.jpg", "000005.jpg"], files);
        Assert.Equal(Frames.Payload(100), File.ReadAllBytes(_folder.Combine("out", b, "frames", "000001.jpg")));
        var lines = File.ReadAllLines(_folder.Combine("out", b, "meta.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(5, lines.Count);
        Assert.Equal("frames/000001.jpg", (string)lines[0]["file"]!);
        Assert.Equal(100, (long)lines[0]["meta"]!["frame_id"]!);
        Assert.Equal($"{linkB.RunId}-100", (string)lines[0]["meta"]!["uid"]!);
    }

    [Fact]
    public async Task Drops_A_Repeated_Uid_And_Counts_It_As_A_Duplicate()
    {
        var device = DeviceLinks.NewDeviceId();
        using var watcher = new FleetWatcher(WatchOptions(_folder.Combine("out")));
        await watcher.ConnectAsync(Wait.Timeout);
        using var link = await ConnectedLinkAsync(device);

        // What a replay after a restart looks like: the same stored frame, sent again.
        link.PublishFrame(Frames.Metadata(device, 7) with { Uid = "run1-7" }, Frames.Payload(7));
        link.PublishFrame(Frames.Metadata(device, 7) with { Uid = "run1-7" }, Frames.Payload(7));
        link.PublishFrame(Frames.Metadata(device, 8) with { Uid = "run1-8" }, Frames.Payload(8));
        await Wait.UntilAsync(() => watcher.Devices().Any(d => d.DeviceId == device && d.Frames + d.Duplicates == 3), "three frames seen");

        var view = watcher.Devices().Single(d => d.DeviceId == device);
        Assert.Equal(2, view.Frames);
        Assert.Equal(1, view.Duplicates);
        await Wait.UntilAsync(() => watcher.Saved == 2, "two saved frames");
        Assert.Equal(2, Directory.GetFiles(_folder.Combine("out", device, "frames")).Length);
    }

    [Fact]
    public async Task Members_Of_A_Shared_Subscription_Split_The_Frames_Between_Them()
    {
        var device = DeviceLinks.NewDeviceId();
        var group = "g" + Guid.NewGuid().ToString("N")[..6];
        using var first = new FleetWatcher(WatchOptions(null, group));
        using var second = new FleetWatcher(WatchOptions(null, group));
        await first.ConnectAsync(Wait.Timeout);
        await second.ConnectAsync(Wait.Timeout);
        using var link = await ConnectedLinkAsync(device);

        for (var id = 0; id < 40; id++)
            link.PublishFrame(Frames.Metadata(device, id), Frames.Payload(id));
        long Received(FleetWatcher w) => w.Devices().SingleOrDefault(d => d.DeviceId == device)?.Frames ?? 0;
        await Wait.UntilAsync(() => Received(first) + Received(second) == 40, "40 frames across the group");
        await Task.Delay(200);

        Assert.Equal(40, Received(first) + Received(second));
        Assert.True(Received(first) > 0 && Received(second) > 0, $"one member got everything ({Received(first)} / {Received(second)})");
        // Status is not shared: both members see the device online.
        Assert.Equal("online", first.Devices().Single(d => d.DeviceId == device).Status);
        Assert.Equal("online", second.Devices().Single(d => d.DeviceId == device).Status);
    }

    [Fact]
    public async Task Shows_A_Device_Offline_After_It_Shuts_Down_And_Survives_A_Malformed_Frame()
    {
        var device = DeviceLinks.NewDeviceId();
        using var watcher = new FleetWatcher(WatchOptions(_folder.Combine("out")));
        await watcher.ConnectAsync(Wait.Timeout);
        using var intruder = await TestClients.ConnectedAsync(_broker);

        intruder.Publish($"gyroedge/v1/{device}/frame", "not a frame"u8);
        using (var link = await ConnectedLinkAsync(device))
            await Wait.UntilAsync(() => watcher.Devices().Any(d => d.DeviceId == device && d.Status == "online"), "the device online");
        await Wait.UntilAsync(() => watcher.Devices().Any(d => d.DeviceId == device && d.Status == "offline"), "the device offline");

        Assert.Equal(1, watcher.Malformed);
        Assert.Equal(0, watcher.Devices().Single(d => d.DeviceId == device).Frames);
    }

    private FleetWatchOptions WatchOptions(string? output, string? group = null) => new()
    {
        Mqtt = new MqttClientOptions { Host = _broker.Host, Port = _broker.Port, ClientId = "w-" + Guid.NewGuid().ToString("N")[..12], KeepAliveSeconds = 10 },
        OutputDirectory = output,
        ShareGroup = group,
    };

    private async Task<DeviceLink> ConnectedLinkAsync(string device)
    {
        var link = new DeviceLink(DeviceLinks.Options(_broker, device, _folder.Combine("outbox-" + device)));
        try
        {
            await link.ConnectAsync(Wait.Timeout);
            return link;
        }
        catch
        {
            link.Dispose();
            throw;
        }
    }
}
