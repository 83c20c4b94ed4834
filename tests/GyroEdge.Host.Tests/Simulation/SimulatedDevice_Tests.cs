using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Imu.Emulation;
using GyroEdge.Host.Recording;
using GyroEdge.Host.Simulation;
using GyroEdge.Imaging.TurboJpeg;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Outbox;
using GyroEdge.TestSupport;

namespace GyroEdge.Host.Tests.Simulation;

/// <summary>
/// The whole device on emulators, end to end with the real components: the ICM-42688-P emulator
/// under the real driver, ONNX Runtime with the trainer's fixture models, libturbojpeg, the outbox
/// and a real mosquitto on loopback, the recorder on disk.
/// </summary>
public sealed class SimulatedDevice_Tests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("gyroedge-sim-");

    public void Dispose() => _scratch.Delete(recursive: true);

    private static string Property(MqttReceivedMessage message, string name) =>
        message.Properties.UserProperties.Single(p => p.Name == name).Value;

    [Fact]
    public async Task Delivers_Deblurred_Frames_Over_Mqtt_With_Their_Metadata()
    {
        using var broker = LocalMosquittoBroker.Launch();
        using var watcher = new MosquittoClient(new MqttClientOptions { ClientId = "sim-watch-" + Guid.NewGuid().ToString("N"), Host = broker.Host, Port = broker.Port });
        var frames = new ConcurrentQueue<MqttReceivedMessage>();
        watcher.MessageReceived += (_, e) => frames.Enqueue(e.Message);
        await watcher.ConnectAsync(TimeSpan.FromSeconds(10));
        await watcher.SubscribeAsync("gyroedge/v1/sim-test/frame");
        var device = SimulatedDevice.Create(SimulatedSettings.Create(_scratch.FullName, broker.Port));
        await using (device)
        {
            await device.StartAsync();
            Assert.True(await SimulatedSettings.WaitUntilAsync(() => frames.Count >= 4), $"frames received: {frames.Count}; {device.Report().Describe()}");
            await device.StopAsync();
        }

        using var decoder = new JpegDecoder();
        foreach (var frame in frames)
        {
            Assert.Equal("image/jpeg", frame.Properties.ContentType);
            var header = decoder.ReadHeader(frame.Payload.Span);
            Assert.Equal((128, 96), (header.Width, header.Height));
            Assert.Equal(("sim-test", "128", "96", "CPU"), (Property(frame, "device"), Property(frame, "width"), Property(frame, "height"), Property(frame, "provider")));
            // The exposure is the strobe's window: 20 ms, as the emulated strobe marked it.
            Assert.Equal(20_000_000, long.Parse(Property(frame, "exposure_end_ns"), CultureInfo.InvariantCulture) - long.Parse(Property(frame, "exposure_start_ns"), CultureInfo.InvariantCulture));
        }
        // With the IMU streaming, frames run through the gyro model with good gyro.
        var gyro = frames.First(f => Property(f, "kind") == "gyro");
        Assert.Equal(("contract_probe_gyro", "good"), (Property(gyro, "model"), Property(gyro, "gyro_quality")));
        Assert.True(double.Parse(Property(gyro, "latency_infer_ms"), CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task When_Inference_Falls_Behind_The_Oldest_Frames_Are_Dropped_And_Counted_And_No_Gyro_Sample_Is_Lost()
    {
        var settings = SimulatedSettings.Create(_scratch.FullName, FreePort.OnLoopback());
        settings.Simulation.FrameRateHz = 20;
        // An accelerator ten times slower than the camera: at most 2 frames a second get through.
        settings.Simulation.InferenceDelayMs = 500;
        var device = SimulatedDevice.Create(settings);
        await using (device)
        {
            await device.StartAsync();
            Assert.True(await SimulatedSettings.WaitUntilAsync(() => device.Metrics.FramesOut.Value >= 4 && device.Metrics.FramesDropped.Value >= 10), device.Report().Describe());
            await device.StopAsync();
            var report = device.Report();

            Assert.True(report.FramesDropped >= 10, report.Describe());
            // Every frame taken is accounted for: out or dropped.
            Assert.Equal(report.FramesIn, report.FramesOut + report.FramesDropped);
            // Drops took the oldest waiting frames: the newest frame still made it out, and the
            // engine always took up one of the last few frames (the queue's two and, on a busy
            // machine, a few on their way through the motion stage), never one left waiting while
            // the ten newer ones a 500 ms inference lets in at 20 fps came.
            Assert.Equal(report.LastFrameIn, report.LastFrameOut);
            Assert.InRange(report.MostFramesBehind, 0, settings.Pipeline.InferenceQueue + 4);
            // The gyro is never dropped: the chip lost nothing, and every sample read reached the stream.
            Assert.Equal(0, report.ImuSamplesLost);
            Assert.Equal(0, device.Imu.SamplesLostToOverflow);
            Assert.True(report.ImuSamples > 1000, report.Describe());
            Assert.Equal(report.ImuSamples, report.GyroStreamSamples);
            Assert.Equal(0, device.Gyro.RefusedSamples);
        }
    }

    [Fact]
    public async Task An_Unplugged_Imu_Sends_Frames_Through_The_Blind_Model_Says_Degraded_And_Recovers_By_Itself()
    {
        var device = SimulatedDevice.Create(SimulatedSettings.Create(_scratch.FullName, FreePort.OnLoopback()));
        using var http = new HttpClient();
        await using (device)
        {
            await device.StartAsync();
            http.BaseAddress = device.HealthAddress;
            Assert.True(await SimulatedSettings.WaitUntilAsync(() => device.Report().GyroFrames >= 2), device.Report().Describe());
            using (var healthy = await http.GetAsync(new Uri("healthz", UriKind.Relative)))
                Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);

            device.Imu.Unplug();
            var blindBefore = device.Report().BlindFrames;
            Assert.True(await SimulatedSettings.WaitUntilAsync(() => device.Report().BlindFrames >= blindBefore + 3), device.Report().Describe());
            using (var degraded = await http.GetAsync(new Uri("healthz", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, degraded.StatusCode);
                using var json = JsonDocument.Parse(await degraded.Content.ReadAsStringAsync());
                Assert.Equal("degraded", json.RootElement.GetProperty("status").GetString());
                Assert.Equal("degraded", json.RootElement.GetProperty("components").GetProperty("gyro").GetString());
                Assert.Contains(json.RootElement.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("gyro: ICM-42688-P at 0x68 on emulated /dev/i2c-7", StringComparison.Ordinal));
            }

            device.Imu.Replug();
            var gyroAtReplug = device.Report().GyroFrames;
            Assert.True(await SimulatedSettings.WaitUntilAsync(() => device.Report().GyroFrames >= gyroAtReplug + 3), device.Report().Describe());
            Assert.True(await SimulatedSettings.WaitUntilAsync(() => device.Health.Snapshot().IsHealthy), device.Health.Snapshot().Summary);
            using (var recovered = await http.GetAsync(new Uri("healthz", UriKind.Relative)))
                Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
            Assert.True(device.Imu.IsPlugged);
        }
    }

    [Fact]
    public async Task Stopping_Stores_Every_Frame_In_The_Outbox_And_Closes_The_Recording_With_Complete_Files()
    {
        // No broker: every deblurred frame must wait in the outbox, on disk.
        var settings = SimulatedSettings.Create(_scratch.FullName, FreePort.OnLoopback(), mode: "both");
        var device = SimulatedDevice.Create(settings);
        PipelineReportSnapshot report;
        await using (device)
        {
            await device.StartAsync();
            Assert.True(await SimulatedSettings.WaitUntilAsync(() => device.Metrics.FramesOut.Value >= 5), device.Report().Describe());
            await device.StopAsync();
            var final = device.Report();
            report = new(final.FramesOut, final.FramesRecorded, final.ImuSamples);
        }

        using (var outbox = new OutboxStore(new OutboxOptions { Directory = settings.Mqtt.OutboxDirectory }))
            Assert.Equal(report.FramesOut, outbox.Statistics.Depth);

        var sessions = Directory.GetDirectories(settings.Recording.Directory, "session-*");
        Assert.NotEmpty(sessions);
        long rows = 0, samples = 0;
        foreach (var session in sessions)
        {
            var listed = RecordingFrameIndex.Read(session);
            Assert.All(listed, f => Assert.True(File.Exists(Path.Combine(session, f.File)), f.File));
            rows += listed.Count;
            samples += GyroLog.Read(Path.Combine(session, FieldRecorder.GyroFileName)).Length;
            Assert.Empty(Directory.GetFiles(session, "*.tmp", SearchOption.AllDirectories));
        }
        Assert.True(report.FramesRecorded >= 5);
        Assert.Equal(report.FramesRecorded, rows);
        // Every gyro sample the IMU delivered is in gyro.csv: the recorder's gyro path never drops.
        Assert.Equal(report.ImuSamples, samples);

        // Replay reads the recording back.
        using var replay = RecordingFrameSource.Open(sessions[0]);
        Assert.True(replay.TryReadFrame(TimeSpan.Zero, out var first));
        Assert.Equal((128, 96), (first.Format.Width, first.Format.Height));
        first.Dispose();
    }

    [Fact]
    public async Task A_Full_Disk_Stops_Recording_With_A_Failed_Health_While_Frames_Keep_Flowing()
    {
        using var disk = new Tests.Recording.SmallTmpfs(kibibytes: 512);
        var settings = SimulatedSettings.Create(_scratch.FullName, FreePort.OnLoopback(), mode: "record");
        settings.Recording.Directory = Path.Combine(disk.Path, "recordings");
        var device = SimulatedDevice.Create(settings);
        await using (device)
        {
            await device.StartAsync();
            Assert.True(await SimulatedSettings.WaitUntilAsync(() => !device.Health.Snapshot().IsHealthy), device.Report().Describe());
            var framesAtFull = device.Metrics.FramesIn.Value;
            var recordedAtFull = device.Report().FramesRecorded;

            var recorder = Assert.Single(device.Health.Snapshot().Conditions, c => c.Component == "recorder");
            Assert.Equal(GyroEdge.Host.Health.HealthLevel.Failed, recorder.Level);
            Assert.StartsWith("disk full (ENOSPC) while writing", recorder.Reason, StringComparison.Ordinal);
            // The camera, the gyro and the stages go on; only recording stopped.
            Assert.True(await SimulatedSettings.WaitUntilAsync(() => device.Metrics.FramesIn.Value >= framesAtFull + 5), device.Report().Describe());
            Assert.Null(device.Failure);
            Assert.Equal(recordedAtFull, device.Report().FramesRecorded);
            await device.StopAsync();
        }
        var session = Assert.Single(Directory.GetDirectories(settings.Recording.Directory, "session-*"));
        Assert.All(RecordingFrameIndex.Read(session), f => Assert.True(File.Exists(Path.Combine(session, f.File)), f.File));
    }

    [Fact]
    public async Task Replays_A_Recording_With_Its_Own_Gyro_Through_The_Gyro_Model()
    {
        var settings = SimulatedSettings.Create(_scratch.FullName, FreePort.OnLoopback());
        settings.Simulation.Recording = Path.Combine(Repository.Root, "tests", "GyroEdge.Hardware.Tests", "Frames", "Fixtures", "trainer_recording");
        settings.Simulation.FrameRateHz = 10;
        var device = SimulatedDevice.Create(settings);
        await using (device)
        {
            Assert.Equal((64, 48), (device.Settings.Camera.Width, device.Settings.Camera.Height));
            Assert.EndsWith("gyro.csv (around each replayed frame)", device.GyroTrace, StringComparison.Ordinal);
            await device.StartAsync();
            Assert.True(await SimulatedSettings.WaitUntilAsync(() => device.Report().GyroFrames >= 4), device.Report().Describe());
            await device.StopAsync();
            Assert.Equal(0, device.Report().BlindFrames);
        }
    }

    private sealed record PipelineReportSnapshot(long FramesOut, long FramesRecorded, long ImuSamples);
}
