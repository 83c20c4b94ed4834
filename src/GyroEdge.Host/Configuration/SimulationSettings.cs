namespace GyroEdge.Host.Configuration;

/// <summary>
/// <c>Simulation</c>: run the whole device on emulators (Simulation/SimulatedDevice): an emulated
/// IMU of <c>Imu:Chip</c> on an emulated I2C bus replaying a real gyro trace, strobe edges timed
/// to the frames, and frames from a recording or a generated pattern. The real drivers and every
/// stage above them run unchanged.
/// </summary>
public sealed class SimulationSettings
{
    public bool Enabled { get; set; }

    /// <summary>
    /// The gyro log the emulated IMU replays (<c>timestamp_ns wx wy wz</c> lines or a recording's
    /// gyro.csv). Absent: the recording's own gyro.csv when replaying one (the motion that blurred
    /// its frames), else ../shared/data/gyro/smartphone_gyro_train.txt beside the checkout, else a 5 Hz sinusoid.
    /// </summary>
    public string? GyroTrace { get; set; }

    /// <summary>A recording folder (e.g. made by the trainer's synth) to replay; absent: a sliding checkerboard of Camera:Width x Height.</summary>
    public string? Recording { get; set; }

    /// <summary>Frames per second of the simulated camera (a recording is retimed to it).</summary>
    public double FrameRateHz { get; set; } = 30;

    /// <summary>Exposure of the generated frames, ms (a recording keeps its own).</summary>
    public double ExposureMs { get; set; } = 20;

    /// <summary>Emulates a slower accelerator: each inference takes at least this much longer, ms.</summary>
    public double InferenceDelayMs { get; set; }
}
