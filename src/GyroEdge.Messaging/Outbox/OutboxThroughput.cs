using System.Diagnostics;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Mosquitto;

namespace GyroEdge.Messaging.Outbox;

/// <summary>What one throughput run measured. Lost must be 0: every frame sent arrived.</summary>
/// <param name="Sent">Frames handed to the outbox.</param>
/// <param name="Received">Distinct frames (by uid) the subscriber received.</param>
/// <param name="Seconds">From the first frame handed to the outbox to the last one received.</param>
/// <param name="FramesPerSecond">Sent / Seconds, counted once every frame arrived.</param>
/// <param name="MegabytesPerSecond">JPEG payload bytes per second, in 10^6 bytes.</param>
public sealed record OutboxThroughputResult(
    int Sent,
    int Received,
    int Lost,
    int Duplicates,
    long Evicted,
    int FrameBytes,
    bool FlushToDisk,
    double Seconds,
    double FramesPerSecond,
    double MegabytesPerSecond);

/// <summary>
/// Frames through the whole device side: FrameEntryWriter, the outbox on disk (fsync included
/// unless turned off), OutboxPublisher and libmosquitto at QoS 1, to a broker and back to a
/// subscriber that counts distinct uids. Used by <c>gyroedge bench mqtt</c>.
/// </summary>
public static class OutboxThroughput
{
    public static async Task<OutboxThroughputResult> RunAsync(
        string host, int port, string outboxDirectory, int frames, int frameBytes, bool flushToDisk, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameBytes, 16);
        var device = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var received = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connectTimeout = TimeSpan.FromSeconds(10);

        using var subscriber = new MosquittoClient(new MqttClientOptions { Host = host, Port = port, ClientId = device + "-sub", MaxInflightMessages = 100 });
        subscriber.MessageReceived += (_, e) =>
        {
            string? uid = null;
            foreach (var property in e.Message.Properties.UserProperties)
            {
                if (property.Name == FrameMetadataFields.Uid)
                    uid = property.Value;
            }
            lock (received)
            {
                if (uid is null || !received.Add(uid))
                    duplicates++;
                if (received.Count == frames)
                    allArrived.TrySetResult();
            }
        };
        await subscriber.ConnectAsync(connectTimeout, cancellationToken).ConfigureAwait(false);
        await subscriber.SubscribeAsync($"{DeviceTopics.Root}/{device}/frame", MqttQos.AtLeastOnce, cancellationToken: cancellationToken).ConfigureAwait(false);

        var options = new DeviceLinkOptions
        {
            DeviceId = device,
            Mqtt = new MqttClientOptions { Host = host, Port = port },
            Outbox = new OutboxOptions
            {
                Directory = outboxDirectory,
                // Room for every frame: the bench measures throughput, not eviction.
                MaxBytes = (long)frames * (frameBytes + 8 * 1024) + 16L * 1024 * 1024,
                FlushToDisk = flushToDisk,
            },
            TelemetryInterval = null,
        };
        using var link = new DeviceLink(options);
        await link.ConnectAsync(connectTimeout, cancellationToken).ConfigureAwait(false);

        var jpeg = new byte[frameBytes];
        Random.Shared.NextBytes(jpeg);
        var metadata = new FrameMetadata
        {
            DeviceId = device,
            FrameId = 0,
            ModelName = "bench",
            ModelVersion = "0",
            Provider = "CPU",
            StageLatenciesMs = new Dictionary<string, double> { ["infer"] = 0, ["encode"] = 0 },
            Width = 1280,
            Height = 720,
            JpegQuality = 90,
        };
        var clock = Stopwatch.StartNew();
        for (var id = 0; id < frames; id++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            link.PublishFrame(metadata with { FrameId = id, WallClock = DateTimeOffset.UtcNow }, jpeg);
        }
        try
        {
            await allArrived.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Reported as lost frames below.
        }
        var seconds = clock.Elapsed.TotalSeconds;
        // The subscriber can see the last frame before the device has its PUBACK: let the outbox
        // empty, so a run leaves nothing behind to be published again.
        var drain = Stopwatch.StartNew();
        while (link.Outbox.Depth > 0 && drain.Elapsed < timeout)
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        int got;
        int repeated;
        lock (received)
        {
            got = received.Count;
            repeated = duplicates;
        }
        return new OutboxThroughputResult(
            frames, got, frames - got, repeated, link.Outbox.Evicted, frameBytes, flushToDisk, seconds,
            got == frames ? frames / seconds : 0, got == frames ? (double)frames * frameBytes / seconds / 1e6 : 0);
    }
}
