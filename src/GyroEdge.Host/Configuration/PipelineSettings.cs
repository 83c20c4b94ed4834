namespace GyroEdge.Host.Configuration;

/// <summary><c>Pipeline</c>: queue sizes and waits between the stages.</summary>
public sealed class PipelineSettings
{
    /// <summary>
    /// Frame buffers allocated at start. Every frame in flight holds one (queues, the stage at
    /// work, the recorder), so this bounds memory; when all are out the camera side drops frames.
    /// </summary>
    public int FramePool { get; set; } = 12;

    /// <summary>Frames waiting for inference; when full the oldest is dropped and counted.</summary>
    public int InferenceQueue { get; set; } = 2;

    /// <summary>Frames waiting for the recorder; when full the oldest is dropped and counted.</summary>
    public int RecorderQueue { get; set; } = 4;

    /// <summary>
    /// How long past its exposure end a frame waits for the gyro to cover it before it goes on
    /// without (quality none, blind model). A few IMU batches.
    /// </summary>
    public TimeSpan GyroWait { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gyro history kept in memory for frames waiting in queues.</summary>
    public TimeSpan GyroHistory { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// A stage busy with one item longer than this is stalled: the systemd watchdog pings stop,
    /// so systemd restarts the daemon at WatchdogSec.
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
