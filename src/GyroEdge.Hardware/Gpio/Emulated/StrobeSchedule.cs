using System.Globalization;

namespace GyroEdge.Hardware.Gpio.Emulated;

/// <summary>Which edges the emulated line request reports (its edge-detection flags).</summary>
public enum StrobeEdges
{
    /// <summary>Both: an active edge at exposure start, an inactive edge at its end.</summary>
    Both,

    /// <summary>Only the exposure-start edge.</summary>
    StartOnly,

    /// <summary>Only the exposure-end edge.</summary>
    EndOnly,
}

/// <summary>
/// The exposure strobe an <see cref="EmulatedStrobeLine"/> produces: a camera running at a frame
/// rate with an exposure time, its edges jittered (interrupt latency) and some of its events
/// dropped the way the kernel drops them (sequence numbers still advance).
/// </summary>
public sealed class StrobeSchedule
{
    public long FirstExposureStartNs { get; set; }

    public double FrameRateHz { get; set; } = 30;

    public long ExposureNs { get; set; } = 20_000_000;

    /// <summary>Each edge moves by a uniform random amount in [−JitterNs, +JitterNs], the same for the same seed.</summary>
    public long JitterNs { get; set; }

    public int Seed { get; set; } = 1;

    public uint LineOffset { get; set; }

    /// <summary>Active low: exposure start is a falling edge (an open-drain strobe read without ACTIVE_LOW).</summary>
    public bool ActiveLow { get; set; }

    public StrobeEdges Edges { get; set; } = StrobeEdges.Both;

    /// <summary>Indices of events (0 = the first edge reported) the "kernel" drops: never delivered, but counted in the sequence numbers.</summary>
    public IReadOnlySet<long> DroppedEvents { get; set; } = new HashSet<long>();

    /// <summary>Frames after this many produce no edges; null runs forever.</summary>
    public long? FrameCount { get; set; }

    public void Validate()
    {
        if (!(FrameRateHz > 0) || !double.IsFinite(FrameRateHz))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"StrobeSchedule.FrameRateHz is {FrameRateHz}; it must be a positive rate in Hz."), nameof(FrameRateHz));
        var period = 1e9 / FrameRateHz;
        if (ExposureNs <= 0 || ExposureNs + (2 * JitterNs) >= period)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"StrobeSchedule.ExposureNs is {ExposureNs}; with ±{JitterNs} ns of jitter it must fit in the {period:F0} ns frame period."), nameof(ExposureNs));
        if (JitterNs < 0 || 2 * JitterNs >= ExposureNs)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"StrobeSchedule.JitterNs is {JitterNs}; it must be at least 0 and under half the exposure, so edges stay in order."), nameof(JitterNs));
    }
}
