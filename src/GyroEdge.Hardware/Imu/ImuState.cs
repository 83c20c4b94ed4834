namespace GyroEdge.Hardware.Imu;

/// <summary>Where a driver is in its life, for health reporting.</summary>
public enum ImuState
{
    /// <summary>Constructed (identity checked) or stopped: nothing is streaming.</summary>
    Stopped,

    /// <summary>Configured and delivering samples.</summary>
    Streaming,

    /// <summary>
    /// The chip stopped answering (NACKs, timeouts) after the retries; the driver probes it on every
    /// <see cref="IImu.ReadSamples"/> once the back-off has passed and re-initialises it when it answers.
    /// </summary>
    Unavailable,
}
