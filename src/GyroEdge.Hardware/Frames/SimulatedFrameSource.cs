using System.Diagnostics.CodeAnalysis;
using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Time;

namespace GyroEdge.Hardware.Frames;

/// <summary>
/// A camera without a camera: frame k is exposed from FirstExposureStart + k / rate for the
/// exposure time and becomes available once <see cref="IMonotonicClock"/> passes its end. With
/// <see cref="ManualMonotonicClock"/> a test decides exactly when frames exist. The image is a
/// checkerboard of 8-pixel squares sliding right by a fixed number of pixels per frame, so a
/// consumer can tell frames apart and check their pixels (<see cref="ExpectedPixel"/>).
/// </summary>
public sealed class SimulatedFrameSource : IFrameSource
{
    private const int Square = 8;

    private readonly SimulatedCameraOptions _options;
    private readonly IMonotonicClock _clock;
    private readonly FramePool _pool;
    private long _next;
    private long _dropped;

    public SimulatedFrameSource(SimulatedCameraOptions options, IMonotonicClock clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        options.Validate();
        _options = options;
        _clock = clock;
        Format = FrameFormat.Packed(options.PixelFormat, options.Width, options.Height);
        _pool = new FramePool(options.PoolFrames, Format.FrameBytes);
    }

    public string Name => $"simulated camera {Format.Width}x{Format.Height} {Format.PixelFormat} at {_options.FrameRateHz} Hz";

    public FrameFormat Format { get; }

    public FrameTimestampSource TimestampSource => _options.TimestampSource;

    /// <summary>Frames dropped because the consumer held every pooled buffer.</summary>
    public long DroppedFrames => Volatile.Read(ref _dropped);

    public bool IsFinished => _options.FrameCount is { } count && _next >= count;

    /// <summary>Frame <paramref name="sequence"/>'s true exposure.</summary>
    public ExposureWindow ExposureOf(long sequence)
    {
        var start = _options.FirstExposureStartNs + (long)Math.Round(sequence * 1e9 / _options.FrameRateHz);
        return new ExposureWindow(sequence, start, start + _options.ExposureNs);
    }

    /// <summary>The value of channel <paramref name="channel"/> at (<paramref name="x"/>, <paramref name="y"/>) in frame <paramref name="sequence"/>.</summary>
    public byte ExpectedPixel(long sequence, int x, int y, int channel)
    {
        var shifted = x - (sequence * _options.PatternPixelsPerFrame);
        var dark = ((Math.Floor(shifted / (double)Square) + (y / Square)) % 2) == 0;
        // Channels differ so a red/blue swap shows: R, G, B = v, v * 3/4, v / 2.
        var value = dark ? 40 : 220;
        return _options.PixelFormat == FramePixelFormat.Grey ? (byte)value : (byte)(channel switch { 0 => value, 1 => value * 3 / 4, _ => value / 2 });
    }

    public bool TryReadFrame(TimeSpan timeout, [NotNullWhen(true)] out FrameBuffer? frame)
    {
        frame = null;
        if (IsFinished)
            return false;
        var exposure = ExposureOf(_next);
        var wait = exposure.EndNs - _clock.NowNs;
        if (wait > 0)
        {
            // Only a real clock moves while we sleep; a test's manual clock is moved by the test.
            if (_clock is not SystemMonotonicClock || timeout <= TimeSpan.Zero)
                return false;
            Thread.Sleep(TimeSpan.FromTicks(Math.Min(timeout.Ticks, (wait / 100) + 1)));
            if (_clock.NowNs < exposure.EndNs)
                return false;
        }

        var sequence = _next++;
        if (!_pool.TryRent(out var buffer))
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }
        Draw(sequence, buffer.Writable);
        buffer.Format = Format;
        buffer.Length = Format.FrameBytes;
        buffer.Sequence = sequence;
        buffer.TimestampSource = _options.TimestampSource;
        buffer.TimestampNs = _options.TimestampSource == FrameTimestampSource.StartOfExposure ? exposure.StartNs : exposure.EndNs;
        buffer.Exposure = exposure;
        frame = buffer;
        return true;
    }

    public void Dispose()
    {
        // Nothing to release: the pool is managed memory.
    }

    private void Draw(long sequence, Span<byte> pixels)
    {
        var channels = Format.PixelFormat == FramePixelFormat.Grey ? 1 : 3;
        var bgr = Format.PixelFormat == FramePixelFormat.Bgr24;
        for (var y = 0; y < Format.Height; y++)
        {
            var row = pixels.Slice(y * Format.Stride, Format.Width * channels);
            for (var x = 0; x < Format.Width; x++)
            {
                for (var c = 0; c < channels; c++)
                    row[(x * channels) + c] = ExpectedPixel(sequence, x, y, bgr ? 2 - c : c);
            }
        }
    }
}
