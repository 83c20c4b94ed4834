using System.Globalization;
using GyroEdge.Hardware.Gpio;

namespace GyroEdge.Hardware.Exposure;

/// <summary>How exposure windows are read from a GPIO strobe line (firmware-config names the line).</summary>
public sealed class ExposureStrobeOptions
{
    public StrobeMode Mode { get; set; } = StrobeMode.StartAndEndEdges;

    /// <summary>
    /// The edge that opens an exposure, in the line's active sense (the request may invert it with
    /// ACTIVE_LOW). Rising for an active-high strobe; the other edge closes it.
    /// </summary>
    public GpioEdge StartEdge { get; set; } = GpioEdge.Rising;

    /// <summary>The exposure time in ns, required by the single-edge modes (the sensor's configured exposure).</summary>
    public long? ExposureTimeNs { get; set; }

    /// <summary>The sensor's rolling-shutter readout time (first row to last row), 0 for a global shutter.</summary>
    public long ReadoutNs { get; set; }

    /// <summary>
    /// Added to every edge timestamp: the strobe's fixed lead or lag against the real exposure
    /// (from the sensor datasheet), or, with the HTE clock, the TSC-to-CLOCK_MONOTONIC offset.
    /// </summary>
    public long TimestampOffsetNs { get; set; }

    /// <summary>
    /// Accept edges stamped by a clock other than CLOCK_MONOTONIC (HTE's TSC, realtime) on the
    /// promise that <see cref="TimestampOffsetNs"/> converts them. Off by default: mixing
    /// timebases silently shifts every frame's motion.
    /// </summary>
    public bool TimestampOffsetConvertsClock { get; set; }

    /// <summary>The line carrying the strobe, when the request holds several lines; null takes every event.</summary>
    public uint? LineOffset { get; set; }

    /// <summary>
    /// With <see cref="StrobeMode.StartAndEndEdges"/>: an exposure longer than this is taken as a
    /// lost end edge. One second is longer than any exposure a deblurring camera uses.
    /// </summary>
    public long MaxExposureNs { get; set; } = 1_000_000_000;

    /// <summary>
    /// How many edges the line delivers per exposure: 2 when the request detects both edges,
    /// 1 when it detects only the edge a single-edge mode uses. Turns the kernel's per-line
    /// sequence number into a strobe index that counts lost exposures too.
    /// </summary>
    public int EdgesPerExposure { get; set; } = 2;

    public void Validate()
    {
        if (StartEdge is not (GpioEdge.Rising or GpioEdge.Falling))
            throw Invalid(nameof(StartEdge), StartEdge, "Rising or Falling");
        if (Mode != StrobeMode.StartAndEndEdges && !(ExposureTimeNs > 0))
            throw Invalid(nameof(ExposureTimeNs), ExposureTimeNs?.ToString(CultureInfo.InvariantCulture) ?? "not set", $"the sensor's exposure time in ns (positive): {Mode} takes one edge and adds or subtracts it");
        if (ReadoutNs < 0)
            throw Invalid(nameof(ReadoutNs), ReadoutNs, "0 for a global shutter or the readout time in ns");
        if (MaxExposureNs <= 0)
            throw Invalid(nameof(MaxExposureNs), MaxExposureNs, "positive, e.g. 1 000 000 000 (1 s)");
        if (EdgesPerExposure is not (1 or 2))
            throw Invalid(nameof(EdgesPerExposure), EdgesPerExposure, "1 or 2");
        if (Mode == StrobeMode.StartAndEndEdges && EdgesPerExposure != 2)
            throw Invalid(nameof(EdgesPerExposure), EdgesPerExposure, "2 when both edges are used");
    }

    private static ArgumentException Invalid(string property, object value, string expected) =>
        new(string.Create(CultureInfo.InvariantCulture, $"ExposureStrobeOptions.{property} is {value}; it must be {expected}."), property);
}
