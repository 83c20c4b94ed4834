namespace GyroEdge.Hardware.Linux.V4l2;

/// <summary>Which moment of the frame the timestamp marks (V4L2_BUF_FLAG_TSTAMP_SRC_MASK, 0x70000).</summary>
public enum V4l2TimestampSource
{
    /// <summary>End of frame: when the last pixel arrived (the default).</summary>
    EndOfFrame = 0x00000,

    /// <summary>Start of exposure.</summary>
    StartOfExposure = 0x10000,
}
