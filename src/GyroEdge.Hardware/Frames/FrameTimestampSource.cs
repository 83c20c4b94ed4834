namespace GyroEdge.Hardware.Frames;

/// <summary>Which moment a frame's timestamp marks (V4L2_BUF_FLAG_TSTAMP_SRC_*).</summary>
public enum FrameTimestampSource
{
    /// <summary>When the last pixel arrived (V4L2's default, TSTAMP_SRC_EOF).</summary>
    EndOfFrame,

    /// <summary>When the exposure started (TSTAMP_SRC_SOE); replay and simulation stamp frames this way.</summary>
    StartOfExposure,
}
