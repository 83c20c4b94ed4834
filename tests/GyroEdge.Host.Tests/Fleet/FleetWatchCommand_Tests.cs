using GyroEdge.Host.CommandLine;
using GyroEdge.Host.Tests.Support;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.TestSupport;

namespace GyroEdge.Host.Tests.Fleet;

/// <summary>`gyroedge fleet watch` as an operator runs it, against a real broker and a real device link.</summary>
public sealed class FleetWatchCommand_Tests : IDisposable
{
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("gyroedge-fleet-watch-");

    public void Dispose() => scratch.Delete(recursive: true);

    [Fact]
    public async Task Saves_The_Frames_Of_A_Device_Under_Its_Id_And_Lists_It()
    {
        using var broker = LocalMosquittoBroker.Launch();
        var output = Path.Combine(scratch.FullName, "watch");
        var watch = Task.Run(() => GyroedgeProcess.Run(
            ["fleet", "watch", "--broker", $"mqtt://{broker.Host}:{broker.Port}", "--out", output, "--seconds", "8"]));

        using var device = new DeviceLink(new DeviceLinkOptions
        {
            DeviceId = "drone-7",
            Mqtt = new MqttClientOptions { ClientId = "drone-7", Host = broker.Host, Port = broker.Port },
            Outbox = new() { Directory = Path.Combine(scratch.FullName, "outbox"), FlushToDisk = false },
            TelemetryInterval = null,
        });
        await device.ConnectAsync(TimeSpan.FromSeconds(10));
        var jpeg = new byte[] { 0xFF, 0xD8, 0x01, 0x02, 0xFF, 0xD9 };
        var frames = Path.Combine(output, "drone-7", "frames");
        // The watcher subscribes a moment after it starts: keep publishing until it has saved one.
        for (var id = 0; !Directory.Exists(frames) || Directory.GetFiles(frames).Length == 0; id++)
        {
            if (watch.IsCompleted)
                Assert.Fail("fleet watch ended before it saved a frame: " + await watch);
            device.PublishFrame(new FrameMetadata { DeviceId = "drone-7", FrameId = id, WallClock = DateTimeOffset.UtcNow, Width = 1, Height = 1 }, jpeg);
            await Task.Delay(100);
        }

        var result = await watch;

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("drone-7", result.Output, StringComparison.Ordinal);
        var saved = Directory.GetFiles(frames);
        Assert.NotEmpty(saved);
        Assert.Equal(jpeg, File.ReadAllBytes(saved[0]));
        Assert.True(File.ReadAllLines(Path.Combine(output, "drone-7", "meta.jsonl")).Length >= saved.Length);
    }

    [Fact]
    public void A_Broker_Url_Without_A_Scheme_Is_A_Usage_Error()
    {
        var result = GyroedgeProcess.Run(["fleet", "watch", "--broker", "127.0.0.1:1883", "--out", scratch.FullName, "--seconds", "1"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("mqtt://", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }
}
