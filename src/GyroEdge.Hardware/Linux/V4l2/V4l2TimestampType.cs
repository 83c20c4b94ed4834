namespace GyroEdge.Hardware.Linux.V4l2;

/// <summary>Which clock a buffer's timestamp is on (V4L2_BUF_FLAG_TIMESTAMP_MASK, 0xE000).</summary>
public enum V4l2TimestampType
{
    /// <summary>Not said: do not mix it with GPIO or IMU time.</summary>
    Unknown = 0x0000,

    /// <summary>CLOCK_MONOTONIC, GyroEdge's timebase (but see the README on Jetson's TSC-based VI timestamps).</summary>
    Monotonic = 0x2000,

    /// <summary>Copied from an output buffer (memory-to-memory devices); meaningless for capture.</summary>
    Copy = 0x4000,
}
