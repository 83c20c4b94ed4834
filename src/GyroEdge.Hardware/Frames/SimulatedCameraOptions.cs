using System.Globalization;

namespace GyroEdge.Hardware.Frames;

/// <summary>The camera a <see cref="SimulatedFrameSource"/> pretends to be.</summary>
public sealed class SimulatedCameraOptions
{
    public int Width { get; set; } = 320;
    public int Height { get; set; } = 240;

    /// <summary>Rgb24, Bgr24 or Grey.</summary>
    public FramePixelFormat PixelFormat { get; set; } = FramePixelFormat.Rgb24;

    public double FrameRateHz { get; set; } = 30;

    public long ExposureNs { get; set; } = 20_000_000;

    /// <summary>When frame 0's exposure starts, CLOCK_MONOTONIC ns.</summary>
    public long FirstExposureStartNs { get; set; }

    /// <summary>How far the pattern moves right per frame, in pixels.</summary>
    public int PatternPixelsPerFrame { get; set; } = 2;

    /// <summary>What the timestamps mark; end of frame is the exposure end (the simulated readout is instant).</summary>
    public FrameTimestampSource TimestampSource { get; set; } = FrameTimestampSource.StartOfExposure;

    public int PoolFrames { get; set; } = 4;

    /// <summary>Frames after this many are never delivered (the source is then finished); null runs forever.</summary>
    public long? FrameCount { get; set; }

    public void Validate()
    {
        if (Width < 1 || Height < 1)
            throw Invalid(nameof(Width), $"{Width}x{Height}", "a positive size");
        if (PixelFormat is not (FramePixelFormat.Rgb24 or FramePixelFormat.Bgr24 or FramePixelFormat.Grey))
            throw Invalid(nameof(PixelFormat), PixelFormat, "Rgb24, Bgr24 or Grey");
        if (!(FrameRateHz > 0) || !double.IsFinite(FrameRateHz))
            throw Invalid(nameof(FrameRateHz), FrameRateHz, "a positive rate in Hz, e.g. 30");
        if (ExposureNs < 0 || ExposureNs > 1e9 / FrameRateHz)
            throw Invalid(nameof(ExposureNs), ExposureNs, "0 to one frame period");
        if (PoolFrames < 1)
            throw Invalid(nameof(PoolFrames), PoolFrames, "at least 1");
    }

    private static ArgumentException Invalid(string property, object value, string expected) =>
        new(string.Create(CultureInfo.InvariantCulture, $"SimulatedCameraOptions.{property} is {value}; it must be {expected}."), property);
}
