namespace GyroEdge.Hardware.Exposure;

/// <summary>How strobe windows are paired with camera frames.</summary>
public enum ExposureMatchMode
{
    /// <summary>By the frame's buffer timestamp against the window (start of exposure, or end of frame), within a tolerance.</summary>
    Timestamp,

    /// <summary>The n-th window with the n-th frame: replay and simulation, where neither side drops anything.</summary>
    Order,
}
