using GyroEdge.Host.Configuration;

namespace GyroEdge.Host.Simulation;

/// <summary>
/// Settings of the simulated device that `gyroedge demo` and `gyroedge bench pipeline` run on a
/// laptop or a CI machine: CPU inference on every core, the outbox and recordings in a scratch
/// folder (nothing under /var/lib), /healthz on a free loopback port (the installed service may be
/// holding 9464), no telemetry timer. The board files in firmware-config/boards are for boards.
/// </summary>
public static class LaptopDevice
{
    /// <param name="scratch">A folder the run may fill and the caller deletes.</param>
    /// <param name="brokerPort">The MQTT broker on 127.0.0.1.</param>
    /// <param name="gyroModel">The gyro model (NAME.onnx with its manifest beside it).</param>
    /// <param name="blindModel">Its blind twin.</param>
    /// <param name="recording">A recording to replay (its own gyro drives the emulated IMU); null: a sliding checkerboard of <paramref name="width"/> x <paramref name="height"/>.</param>
    public static GyroEdgeSettings Settings(string scratch, int brokerPort, string gyroModel, string blindModel, string? recording,
                                            int width = 320, int height = 240, int jpegQuality = 90)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        return new GyroEdgeSettings
        {
            Mode = "deblur",
            Device = { Id = "sim-01", Board = "simulated", StopTimeout = TimeSpan.FromSeconds(30) },
            Imu = { Realtime = "off" },
            Camera = { Model = recording is null ? "simulated checkerboard" : "replayed recording", Width = width, Height = height, PixelFormat = "rgb24", HorizontalFovDegrees = 70 },
            Models = { Gyro = gyroModel, Blind = blindModel, Providers = ["CPU"], IntraOpThreads = Environment.ProcessorCount },
            Mqtt =
            {
                Broker = $"mqtt://127.0.0.1:{brokerPort}",
                OutboxDirectory = Path.Combine(scratch, "outbox"),
                JpegQuality = jpegQuality,
                TelemetrySeconds = 0,
            },
            Recording = { Directory = Path.Combine(scratch, "recordings") },
            Health = { Listen = "127.0.0.1:0" },
            Simulation = { Enabled = true, Recording = recording, ExposureMs = 20 },
        };
    }
}
