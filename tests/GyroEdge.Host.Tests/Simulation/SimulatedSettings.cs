using GyroEdge.Host.Configuration;
using GyroEdge.TestSupport;

namespace GyroEdge.Host.Tests.Simulation;

/// <summary>
/// Settings for a small simulated device: 128x96 frames at 10 fps, the trainer's cheap twin
/// fixture models on the CPU (the point is plumbing, not pixels), the outbox and recordings in a
/// scratch folder, /healthz on a free port, and an IMU probed often so a replug is seen quickly.
/// </summary>
internal static class SimulatedSettings
{
    public static string GyroModel => TrainerFixture.Load("contract_probe_gyro").ModelPath;

    public static string BlindModel => TrainerFixture.Load("contract_probe_blind").ModelPath;

    public static GyroEdgeSettings Create(string scratch, int brokerPort, string mode = "deblur")
    {
        var settings = new GyroEdgeSettings
        {
            Mode = mode,
            Device = { Id = "sim-test", StopTimeout = TimeSpan.FromSeconds(10) },
            Imu = { Realtime = "off", ProbeInterval = TimeSpan.FromMilliseconds(20), MaxProbeInterval = TimeSpan.FromMilliseconds(200) },
            Camera = { Width = 128, Height = 96, PixelFormat = "rgb24", HorizontalFovDegrees = 70 },
            Models = { Gyro = GyroModel, Blind = BlindModel, Providers = ["CPU"], IntraOpThreads = 1 },
            Mqtt =
            {
                Broker = $"mqtt://127.0.0.1:{brokerPort}",
                OutboxDirectory = Path.Combine(scratch, "outbox"),
                TelemetrySeconds = 0,
            },
            Recording = { Directory = Path.Combine(scratch, "recordings") },
            Health = { Listen = "127.0.0.1:0" },
            Simulation = { Enabled = true, FrameRateHz = 10, ExposureMs = 20 },
        };
        return settings;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; a bound for a test that would otherwise hang, not a timing assertion.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, int seconds = 30)
    {
        for (var i = 0; i < seconds * 20; i++)
        {
            if (condition())
                return true;
            await Task.Delay(50);
        }
        return condition();
    }
}
