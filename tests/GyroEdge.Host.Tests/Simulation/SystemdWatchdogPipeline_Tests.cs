using GyroEdge.Host.Simulation;
using GyroEdge.Host.Systemd;
using GyroEdge.Host.Tests.Systemd;
using GyroEdge.TestSupport;

namespace GyroEdge.Host.Tests.Simulation;

/// <summary>The pipeline's side of systemd's protocol, through a real notification socket.</summary>
public sealed class SystemdWatchdogPipeline_Tests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("gyroedge-watchdog-");

    public void Dispose() => _scratch.Delete(recursive: true);

    private static List<string> Drain(NotifySocketListener listener)
    {
        var messages = new List<string>();
        while (listener.Available)
            messages.Add(listener.Receive());
        return messages;
    }

    [Fact]
    public async Task Says_Ready_Then_Pings_The_Watchdog_Only_While_No_Stage_Is_Stalled()
    {
        using var listener = NotifySocketListener.AtPath();
        // WatchdogSec=0.4 s: pings every 200 ms while the pipeline makes progress.
        using var notifier = new SystemdNotifier(listener.NotifySocketValue, watchdogUsec: "400000");
        var settings = SimulatedSettings.Create(_scratch.FullName, FreePort.OnLoopback());
        settings.Pipeline.StallTimeout = TimeSpan.FromMilliseconds(500);
        settings.Device.StopTimeout = TimeSpan.FromSeconds(2);
        var device = SimulatedDevice.Create(settings, new SimulatedDeviceOptions { Notifier = notifier });
        var received = new List<string>();
        await using (device)
        {
            await device.StartAsync();
            Assert.True(await SimulatedSettings.WaitUntilAsync(() =>
            {
                received.AddRange(Drain(listener));
                return received.Contains("READY=1") && received.Count(m => m == "WATCHDOG=1") >= 3 && device.Metrics.FramesOut.Value >= 2;
            }), string.Join(" | ", received));
            // The engine's start-up steps went to STATUS= before READY=1.
            Assert.True(received.IndexOf("STATUS=loading contract_probe_gyro on CPU") is >= 0 and var loading && loading < received.IndexOf("READY=1"), string.Join(" | ", received));
            Assert.Contains("STATUS=running: healthy", received);
            Assert.True(received.IndexOf("READY=1") < received.IndexOf("WATCHDOG=1"));

            // The accelerator wedges: inference never finishes its frame.
            device.Controls.InferenceDelay = Timeout.InfiniteTimeSpan;
            Assert.True(await SimulatedSettings.WaitUntilAsync(() => device.StalledStage is not null), "no stall detected");
            Assert.Equal("inference", device.StalledStage);
            var afterStall = Drain(listener);
            Assert.Contains(afterStall, m => m.StartsWith("STATUS=failed: the inference stage is stalled", StringComparison.Ordinal));

            // Five ping periods later, not one more ping has come: systemd would now restart the daemon.
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.DoesNotContain("WATCHDOG=1", Drain(listener));

            await device.StopAsync();
            Assert.Contains("STOPPING=1", Drain(listener));
        }
    }
}
