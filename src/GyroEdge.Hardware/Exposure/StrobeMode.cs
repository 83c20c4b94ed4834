namespace GyroEdge.Hardware.Exposure;

/// <summary>Which strobe edges mark a frame's exposure.</summary>
public enum StrobeMode
{
    /// <summary>The strobe is active exactly while the sensor exposes: one edge opens, the other closes.</summary>
    StartAndEndEdges,

    /// <summary>Only the start edge is used (a trigger pulse shorter than the exposure); the end is the start plus the configured exposure time.</summary>
    StartEdgePlusExposureTime,

    /// <summary>Only the end edge is used (a "frame valid" or end-of-exposure pulse); the start is the end minus the configured exposure time.</summary>
    EndEdgeMinusExposureTime,
}
