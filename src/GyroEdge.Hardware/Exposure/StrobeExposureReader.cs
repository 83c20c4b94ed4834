using GyroEdge.Domain.Camera;
using GyroEdge.Hardware.Gpio;

namespace GyroEdge.Hardware.Exposure;

/// <summary>
/// Reads exposure windows off a strobe line: the kernel's line request on the board
/// (<see cref="Linux.Gpio.GpioLineRequest"/>), <see cref="Gpio.Emulated.EmulatedStrobeLine"/>
/// in tests and simulation. Events are read in batches into a buffer allocated once. One
/// thread reads; it owns the source.
/// </summary>
public sealed class StrobeExposureReader : IDisposable
{
    private readonly IGpioLineEventSource _source;
    private readonly StrobeDecoder _decoder;
    private readonly GpioLineEvent[] _batch;
    private int _batchCount;
    private int _batchNext;

    public StrobeExposureReader(IGpioLineEventSource source, ExposureStrobeOptions options, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (source.Clock != GpioEventClock.Monotonic && !options.TimestampOffsetConvertsClock)
        {
            throw new ArgumentException(
                $"{source.Name} stamps edges with the {source.Clock} clock, but frames and gyro samples are on CLOCK_MONOTONIC. "
                + (source.Clock == GpioEventClock.Hte
                    ? "HTE timestamps are in the SoC's TSC timebase: measure the TSC-to-monotonic offset (device-interfaces.md §4), "
                    : "Request the line with the default (monotonic) event clock, or measure the offset, ")
                + $"set ExposureStrobeOptions.{nameof(ExposureStrobeOptions.TimestampOffsetNs)} to it and {nameof(ExposureStrobeOptions.TimestampOffsetConvertsClock)} to true.",
                nameof(source));
        }
        _source = source;
        _decoder = new StrobeDecoder(options);
        _batch = new GpioLineEvent[batchSize];
    }

    public string Name => _source.Name;

    /// <summary>The decoder's counts: windows, lost edges, incomplete exposures.</summary>
    public StrobeDecoder Decoder => _decoder;

    /// <summary>Events the kernel dropped on the whole request.</summary>
    public long LostEvents => _source.LostEvents;

    /// <summary>
    /// Fills <paramref name="destination"/> with the windows completed by the edges that arrive
    /// within <paramref name="timeout"/>; returns how many (0 when none completed in time).
    /// Waits at most once for the source: after the first window it returns what is ready.
    /// </summary>
    public int ReadWindows(Span<ExposureWindow> destination, TimeSpan timeout)
    {
        if (destination.IsEmpty)
            return 0;
        var written = 0;
        var waited = false;
        while (written < destination.Length)
        {
            if (_batchNext == _batchCount)
            {
                // Wait for edges only while nothing is ready to hand back.
                var wait = written == 0 && !waited ? timeout : TimeSpan.Zero;
                waited = true;
                _batchCount = _source.ReadEvents(_batch, wait);
                _batchNext = 0;
                if (_batchCount == 0)
                    break;
            }
            if (_decoder.TryAdd(in _batch[_batchNext++], out var window))
                destination[written++] = window;
        }
        return written;
    }

    public void Dispose() => _source.Dispose();
}
