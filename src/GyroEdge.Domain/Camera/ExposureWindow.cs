using GyroEdge.Domain.Time;

namespace GyroEdge.Domain.Camera;

/// <summary>
/// When one frame's shutter was open, in CLOCK_MONOTONIC nanoseconds of the camera side (GPIO
/// strobe or V4L2 timestamps). With a rolling shutter the rows do not expose together:
/// <see cref="StartNs"/>/<see cref="EndNs"/> are the first row's exposure, and row r of a frame
/// read out over <see cref="ReadoutNs"/> is exposed <c>r/(rows-1)·ReadoutNs</c> later
/// (reference §4: row r ≈ [SOF + r·t_row − T_exp, SOF + r·t_row]). <see cref="ReadoutNs"/> is 0 for a global shutter.
/// </summary>
public readonly record struct ExposureWindow
{
    public ExposureWindow(long frameId, long startNs, long endNs, long readoutNs = 0)
    {
        if (endNs < startNs)
            throw new ArgumentException($"Frame {frameId}: an exposure cannot end ({MonotonicTime.Format(endNs)}) before it starts ({MonotonicTime.Format(startNs)}). Check the strobe polarity.");
        if (readoutNs < 0)
            throw new ArgumentException($"Frame {frameId}: a rolling-shutter readout time cannot be negative ({readoutNs} ns); use 0 for a global shutter.");
        FrameId = frameId;
        StartNs = startNs;
        EndNs = endNs;
        ReadoutNs = readoutNs;
    }

    /// <summary>The frame this exposure belongs to (the camera's sequence number once matched).</summary>
    public long FrameId { get; }

    /// <summary>The first row's exposure start.</summary>
    public long StartNs { get; }

    /// <summary>The first row's exposure end.</summary>
    public long EndNs { get; }

    /// <summary>From the first row's exposure start to the last row's; 0 for a global shutter.</summary>
    public long ReadoutNs { get; }

    public long DurationNs => EndNs - StartNs;

    /// <summary>The same window for another frame id (a strobe window once matched to its frame).</summary>
    public ExposureWindow WithFrameId(long frameId) => new(frameId, StartNs, EndNs, ReadoutNs);

    /// <summary>
    /// The exposure of the middle row: the first row's window delayed by <c>ReadoutNs / 2</c>
    /// (integer division, the definition the golden vectors pin). This is the window a frame's
    /// motion is built for when a readout time is configured: one set of rotations per frame is
    /// what the model contract has room for, and the middle row minimises the largest error
    /// over all rows.
    /// </summary>
    public ExposureWindow MiddleRow() => new(FrameId, StartNs + (ReadoutNs / 2), EndNs + (ReadoutNs / 2), 0);

    /// <summary>
    /// The exposure of row <paramref name="row"/> of <paramref name="rowCount"/> (row 0 is read out
    /// first), for per-row motion. The result has no readout of its own.
    /// </summary>
    public ExposureWindow ForRow(int row, int rowCount)
    {
        if (rowCount < 1 || row < 0 || row >= rowCount)
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be in [0, {rowCount}).");
        var delay = rowCount == 1 ? 0 : (long)Math.Round(ReadoutNs * (row / (double)(rowCount - 1)));
        return new ExposureWindow(FrameId, StartNs + delay, EndNs + delay, 0);
    }

    public override string ToString() =>
        $"frame {FrameId}: {MonotonicTime.Format(StartNs)} .. {MonotonicTime.Format(EndNs)}" + (ReadoutNs > 0 ? $" (+{ReadoutNs} ns readout)" : "");
}
