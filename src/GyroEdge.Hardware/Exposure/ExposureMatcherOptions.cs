using System.Globalization;
using GyroEdge.Hardware.Frames;

namespace GyroEdge.Hardware.Exposure;

/// <summary>How <see cref="ExposureMatcher"/> pairs strobe windows with frames.</summary>
public sealed class ExposureMatcherOptions
{
    public ExposureMatchMode Mode { get; set; } = ExposureMatchMode.Timestamp;

    /// <summary>
    /// What the frame's buffer timestamp marks (V4L2_BUF_FLAG_TSTAMP_SRC_SOE or _EOF, from the
    /// frame source). Start of exposure is compared with the window's start; end of frame with
    /// the last row's exposure end (window end + readout) plus <see cref="EndOfFrameLatencyNs"/>.
    /// </summary>
    public FrameTimestampSource TimestampSource { get; set; } = FrameTimestampSource.EndOfFrame;

    /// <summary>From the last row's exposure end to the end-of-frame timestamp (sensor readout tail and CSI transfer), measured per camera.</summary>
    public long EndOfFrameLatencyNs { get; set; }

    /// <summary>
    /// How far a frame's timestamp may be from its window's. Half a frame period at most, or
    /// neighbours would match; 2 ms covers interrupt latency on both sides with a 30 fps camera.
    /// </summary>
    public long ToleranceNs { get; set; } = 2_000_000;

    /// <summary>Windows and frames held while waiting for their partner; past this the oldest is given up as unmatched.</summary>
    public int Capacity { get; set; } = 16;

    public void Validate()
    {
        if (ToleranceNs <= 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"ExposureMatcherOptions.ToleranceNs is {ToleranceNs}; it must be positive and below half the frame period, e.g. 2 000 000 (2 ms)."), nameof(ToleranceNs));
        if (Capacity is < 1 or > 4096)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"ExposureMatcherOptions.Capacity is {Capacity}; it must be 1 to 4096, e.g. 16."), nameof(Capacity));
    }
}
