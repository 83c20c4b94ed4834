namespace GyroEdge.Host.Configuration;

/// <summary><c>Strobe</c>: the camera's exposure signal on a GPIO line (GyroEdge.Hardware/Exposure).</summary>
public sealed class StrobeSettings
{
    /// <summary>
    /// False when no strobe is wired: frames must then carry their own exposure (replay and
    /// simulation do; a V4L2 camera does not, so a camera needs the strobe).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>/dev/gpiochip{Gpiochip}.</summary>
    public int Gpiochip { get; set; }

    /// <summary>The line offset on that chip (`gpioinfo` lists them); required when enabled.</summary>
    public int Line { get; set; } = -1;

    /// <summary>The edge that opens an exposure: "rising" (active-high strobe) or "falling".</summary>
    public string Edge { get; set; } = "rising";

    /// <summary>"both" (the strobe is active exactly while exposing), "start" (start edge + ExposureNs) or "end" (end edge − ExposureNs).</summary>
    public string Mode { get; set; } = "both";

    /// <summary>The sensor's exposure time in ns, required by the single-edge modes.</summary>
    public long? ExposureNs { get; set; }

    /// <summary>Added to every edge timestamp: the strobe's fixed lead or lag against the real exposure.</summary>
    public long TimestampOffsetNs { get; set; }

    /// <summary>How far a frame's timestamp may be from its strobe window's, ns (half a frame period at most).</summary>
    public long MatchToleranceNs { get; set; } = 2_000_000;

    /// <summary>From the last row's exposure end to an end-of-frame buffer timestamp, ns (measured per camera).</summary>
    public long EndOfFrameLatencyNs { get; set; }
}
