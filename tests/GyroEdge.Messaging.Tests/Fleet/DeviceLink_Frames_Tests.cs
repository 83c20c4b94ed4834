using System.Text;
using System.Text.RegularExpressions;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Tests.Support;

namespace GyroEdge.Messaging.Tests.Fleet;

public sealed partial class DeviceLink_Frames_Tests : IClassFixture<LocalMosquittoBroker>, IDisposable
{
    private readonly LocalMosquittoBroker _broker;
    private readonly TemporaryDirectory _folder = new("link");

    public DeviceLink_Frames_Tests(LocalMosquittoBroker broker)
    {
        _broker = broker;
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Publishes_Every_Frame_With_Its_Metadata_And_Deletes_It_From_The_Outbox_Once_Acknowledged()
    {
        var device = DeviceLinks.NewDeviceId();
        using var consumer = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(consumer);
        await consumer.SubscribeAsync($"gyroedge/v1/{device}/frame");
        await consumer.SubscribeAsync($"gyroedge/v1/{device}/frame/meta");
        using var link = new DeviceLink(DeviceLinks.Options(_broker, device, _folder.Path));
        await link.ConnectAsync(Wait.Timeout);

        for (var id = 0; id < 60; id++)
            link.PublishFrame(Frames.Metadata(device, id), Frames.Payload(id));
        await Wait.UntilAsync(() => link.Outbox.Acknowledged == 60, "60 acknowledged frames");
        await Wait.UntilAsync(() => inbox.All.Count == 120, "60 frames and 60 metadata messages");

        var frames = inbox.All.Where(m => m.Topic.EndsWith("/frame", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), frames.Select(m => BitConverter.ToInt64(m.Payload.Span)));
        Assert.All(frames, m => Assert.Equal("image/jpeg", m.Properties.ContentType));
        Assert.Equal(Frames.Payload(59), frames[^1].Payload.ToArray());
        var lastMeta = FrameMetadataFields.Parse(frames[^1].Properties.UserProperties.Select(p => KeyValuePair.Create(p.Name, p.Value)));
        Assert.Equal(59, lastMeta.FrameId);
        Assert.Equal($"{link.RunId}-59", lastMeta.Uid);
        Assert.Equal(41.5, lastMeta.StageLatenciesMs["infer"]);
        var json = inbox.All.Last(m => m.Topic.EndsWith("/frame/meta", StringComparison.Ordinal));
        Assert.Equal(lastMeta with { StageLatenciesMs = lastMeta.StageLatenciesMs }, FrameMetadataFields.FromJson(json.Payload.Span) with { StageLatenciesMs = lastMeta.StageLatenciesMs });
        Assert.Empty(Directory.GetFiles(_folder.Path));
        Assert.Equal(0, link.Outbox.Depth);
    }

    [Fact]
    public async Task Publishes_After_A_Restart_What_Was_Stored_While_No_Broker_Was_Reachable()
    {
        var device = DeviceLinks.NewDeviceId();
        var unreachable = TestSupport.FreePort.OnLoopback();
        using (var offline = new DeviceLink(DeviceLinks.Options(_broker.Host, unreachable, device, _folder.Path)))
        {
            offline.Start();
            for (var id = 0; id < 10; id++)
                offline.PublishFrame(Frames.Metadata(device, id), Frames.Payload(id));
        }
        Assert.Equal(10, Directory.GetFiles(_folder.Path, "*.msg").Length);
        using var consumer = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(consumer);
        await consumer.SubscribeAsync($"gyroedge/v1/{device}/frame");

        using var link = new DeviceLink(DeviceLinks.Options(_broker, device, _folder.Path));
        await link.ConnectAsync(Wait.Timeout);
        await Wait.UntilAsync(() => inbox.All.Count == 10, "the 10 stored frames");

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), inbox.All.Select(m => BitConverter.ToInt64(m.Payload.Span)).Order());
        Assert.Equal(10, link.Outbox.Recovered);
        await Wait.UntilAsync(() => Directory.GetFiles(_folder.Path).Length == 0, "the outbox to empty");
    }

    [Fact]
    public async Task Drops_A_Damaged_Entry_File_Counts_It_And_Publishes_The_Rest()
    {
        var device = DeviceLinks.NewDeviceId();
        var unreachable = TestSupport.FreePort.OnLoopback();
        using (var offline = new DeviceLink(DeviceLinks.Options(_broker.Host, unreachable, device, _folder.Path)))
        {
            for (var id = 0; id < 3; id++)
                offline.PublishFrame(Frames.Metadata(device, id), Frames.Payload(id));
        }
        var middle = Directory.GetFiles(_folder.Path, "*.msg").Order(StringComparer.Ordinal).ElementAt(1);
        File.WriteAllBytes(middle, File.ReadAllBytes(middle)[..100]);
        using var consumer = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(consumer);
        await consumer.SubscribeAsync($"gyroedge/v1/{device}/frame");
        var problems = new List<string>();

        using var link = new DeviceLink(DeviceLinks.Options(_broker, device, _folder.Path));
        link.Problem += (_, p) =>
        {
            lock (problems)
                problems.Add(p);
        };
        await link.ConnectAsync(Wait.Timeout);
        await Wait.UntilAsync(() => link.Outbox.Depth == 0, "the outbox to empty");
        await Wait.UntilAsync(() => inbox.All.Count == 2, "the two intact frames");

        // Handed over while connecting, the two may be sent in either order (see the README on order).
        Assert.Equal([0L, 2L], inbox.All.Select(m => BitConverter.ToInt64(m.Payload.Span)).Order());
        Assert.Equal(1, link.Outbox.Damaged);
        lock (problems)
            Assert.Contains(problems, p => p.Contains("damaged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hands_Each_Frame_To_The_Broker_Once_When_The_Connection_Drops_Mid_Stream()
    {
        var device = DeviceLinks.NewDeviceId();
        using var relay = new TcpRelay(_broker.Host, _broker.Port);
        using var consumer = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(consumer);
        await consumer.SubscribeAsync($"gyroedge/v1/{device}/frame");
        using var link = new DeviceLink(DeviceLinks.Options(_broker.Host, relay.Port, device, _folder.Path));
        await link.ConnectAsync(Wait.Timeout);

        for (var id = 0; id < 200; id++)
        {
            link.PublishFrame(Frames.Metadata(device, id), Frames.Payload(id, 8 * 1024));
            if (id == 100)
                relay.CutAll();
        }
        await Wait.UntilAsync(() => link.Outbox.Acknowledged == 200, "all 200 frames acknowledged", Wait.Reconnect);
        await Wait.UntilAsync(() => inbox.All.Select(m => BitConverter.ToInt64(m.Payload.Span)).Distinct().Count() == 200, "every frame at the consumer");

        // With frame and frame/meta per entry, 20 messages in flight are 10 frames. libmosquitto
        // resends those after the reconnect (flag d1 in the broker's log; it marks every message of
        // the in-flight window as a resend, sent or not). Had the outbox published any of them again
        // itself, there would be more than 200 + 10 transmissions, and some frame would arrive 3 times.
        var transmissions = FramePublishes(device).ToList();
        Assert.Equal(1, (long)link.StatusReport()["mqtt"]!["disconnects"]!);
        Assert.True(transmissions.Count(p => p == "d0") <= 200, $"{transmissions.Count(p => p == "d0")} first transmissions of 200 frames.");
        Assert.True(transmissions.Count <= 210, $"{transmissions.Count} transmissions of 200 frames; at most the 10 in flight may be sent again.");
        var copies = inbox.All.GroupBy(m => BitConverter.ToInt64(m.Payload.Span)).Select(g => g.Count()).ToList();
        Assert.True(copies.Max() <= 2, $"a frame arrived {copies.Max()} times.");
        Assert.True(copies.Sum() - 200 <= 10, $"{copies.Sum() - 200} duplicates; only the 10 frames in flight at the cut may arrive twice.");
    }

    private IEnumerable<string> FramePublishes(string device)
    {
        var pattern = new Regex($@"Received PUBLISH from \S+ \((d[01]), q1, r0, m\d+, 'gyroedge/v1/{Regex.Escape(device)}/frame'");
        return pattern.Matches(_broker.ReadLog()).Select(m => m.Groups[1].Value);
    }
}
