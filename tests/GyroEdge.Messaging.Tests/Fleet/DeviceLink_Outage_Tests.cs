using System.Diagnostics;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Tests.Support;

namespace GyroEdge.Messaging.Tests.Fleet;

/// <summary>
/// The delivery guarantee end to end, against a real broker that goes away. The device side
/// promises: every frame it stored reaches the broker at least once, or is counted as evicted;
/// duplicates only for frames in flight when the broker went away (at most the in-flight window,
/// 20 messages = 10 frames); and each frame carries a uid, so a consumer that drops repeated uids
/// sees every frame exactly once. Each test owns its broker, because each one stops it.
/// </summary>
public sealed class DeviceLink_Outage_Tests : IDisposable
{
    private const int FramesInFlightAtMost = 10;
    private readonly TemporaryDirectory _folder = new("outage");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Delivers_Every_Frame_Once_Per_Uid_Through_A_Ten_Second_Broker_Outage_And_A_Daemon_Restart_During_It()
    {
        using var broker = LocalMosquittoBroker.Launch(persistent: true, listenerSettings: ["max_queued_messages 0"]);
        var device = DeviceLinks.NewDeviceId();
        using var consumer = await PersistentConsumer.SubscribeAsync(broker, device);
        var options = DeviceLinks.Options(broker, device, _folder.Path);
        var sent = 0;

        var before = new DeviceLink(options);
        string firstRun;
        try
        {
            await before.ConnectAsync(Wait.Timeout);
            firstRun = before.RunId;
            sent = await StreamAsync(before, device, from: 0, count: 100);
            broker.Shutdown();
            var outage = Stopwatch.StartNew();
            await Wait.UntilAsync(() => !before.IsConnected, "the device to notice the outage");
            sent += await StreamAsync(before, device, from: 100, count: 50);

            // The daemon restarts while the broker is still down.
            before.Dispose();
            using var after = new DeviceLink(options);
            after.Start();
            sent += await StreamAsync(after, device, from: 150, count: 50);

            var rest = TimeSpan.FromSeconds(10) - outage.Elapsed;
            if (rest > TimeSpan.Zero)
                await Task.Delay(rest);
            broker.Start();

            await Wait.UntilAsync(() => after.Outbox.Depth == 0, "the restarted device to empty its outbox", TimeSpan.FromSeconds(30));
            await Wait.UntilAsync(() => consumer.Received.Select(f => f.Uid).Distinct().Count() >= sent, $"{sent} distinct frames at the consumer", TimeSpan.FromSeconds(15));

            var received = consumer.Received;
            var byUid = received.GroupBy(f => f.Uid).ToList();
            Assert.Equal(200, sent);
            Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), byUid.Select(g => g.First().FrameId).Order());
            Assert.All(byUid, g => Assert.Single(g.Select(f => f.FrameId).Distinct()));
            // Frames stored by the first run keep the uid they were stored with after the restart.
            Assert.Equal(150, byUid.Count(g => g.Key.StartsWith(firstRun + "-", StringComparison.Ordinal)));
            Assert.True(received.Count - 200 <= FramesInFlightAtMost, $"{received.Count - 200} duplicates; at most the {FramesInFlightAtMost} frames in flight at the outage may repeat.");
            Assert.Equal(0, after.Outbox.Evicted);
            Assert.Equal(0, after.Outbox.Rejected + after.Outbox.Damaged);
            Assert.True(after.Outbox.Recovered >= 50, $"the restarted device recovered {after.Outbox.Recovered} frames from disk; the 50 stored during the outage at least.");
        }
        finally
        {
            before.Dispose();
        }
    }

    [Fact]
    public async Task Counts_As_Evicted_Exactly_The_Frames_That_Did_Not_Fit_The_Budget_During_An_Outage()
    {
        using var broker = LocalMosquittoBroker.Launch(persistent: true, listenerSettings: ["max_queued_messages 0"]);
        var device = DeviceLinks.NewDeviceId();
        using var consumer = await PersistentConsumer.SubscribeAsync(broker, device);
        // Room for about 30 frames of 4 KiB (with their metadata) on disk.
        var options = DeviceLinks.Options(broker, device, _folder.Path, maxBytes: 30 * 5 * 1024);
        long evicted;

        using (var before = new DeviceLink(options))
        {
            await before.ConnectAsync(Wait.Timeout);
            await StreamAsync(before, device, from: 0, count: 20, payloadBytes: 4096);
            await Wait.UntilAsync(() => before.Outbox.Depth == 0, "the first 20 frames acknowledged");
            broker.Shutdown();
            await Wait.UntilAsync(() => !before.IsConnected, "the device to notice the outage");
            await StreamAsync(before, device, from: 20, count: 60, payloadBytes: 4096);
            evicted = before.Outbox.Evicted;
        }
        using var after = new DeviceLink(options);
        after.Start();
        await StreamAsync(after, device, from: 80, count: 40, payloadBytes: 4096);
        evicted += after.Outbox.Evicted;
        broker.Start();
        await Wait.UntilAsync(() => after.Outbox.Depth == 0, "the outbox to empty", TimeSpan.FromSeconds(20));
        await Wait.UntilAsync(() => consumer.Received.Select(f => f.Uid).Distinct().Count() + evicted >= 120, "every frame received or evicted", TimeSpan.FromSeconds(10));

        var distinct = consumer.Received.Select(f => f.FrameId).Distinct().ToList();
        Assert.True(evicted > 0, "the budget was meant to force evictions");
        Assert.Equal(120, distinct.Count + evicted);
        // Oldest first: the frames that survive the outage are the newest ones.
        var lost = Enumerable.Range(0, 120).Select(i => (long)i).Except(distinct).ToList();
        Assert.All(lost, id => Assert.InRange(id, 20, 120 - 1));
        Assert.True(lost.Max() < distinct.Where(id => id >= 20).Max(), "the evicted frames are older than the delivered ones");
    }

    private static async Task<int> StreamAsync(DeviceLink link, string device, int from, int count, int payloadBytes = 16 * 1024)
    {
        for (var id = from; id < from + count; id++)
        {
            link.PublishFrame(Frames.Metadata(device, id), Frames.Payload(id, payloadBytes));
            // About 200 fps: a stream, not a burst, so the outage lands mid-stream.
            await Task.Delay(5);
        }
        return count;
    }
}
