using System.Globalization;
using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Frames;
using GyroEdge.Host.Configuration;

namespace GyroEdge.Host.Simulation;

/// <summary>
/// When each frame of a replayed recording is presented on the live clock: frame g (the
/// recording's frame g mod N, looped) is exposed from T0 + g/F for its recorded exposure time.
/// The emulated strobe, the emulated IMU's motion and the frame source all read this one
/// schedule, so the windows, the gyro and the pixels agree. T0 is fixed when the first device
/// needs it (the strobe or the camera opening, after the models loaded).
/// </summary>
public sealed class ReplaySchedule
{
    /// <summary>Between opening the camera and the first exposure: the IMU and readers settle.</summary>
    private const long LeadNs = 100_000_000;

    private readonly long[] _recordedStartNs;
    private readonly long[] _durationNs;
    private readonly double _periodNs;
    private long _originNs;

    public ReplaySchedule(IReadOnlyList<RecordedFrame> frames, double frameRateHz, long readoutNs)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
            throw new SettingsException("Simulation:Recording lists no frames in frames.csv; replay needs at least one.");
        _recordedStartNs = [.. frames.Select(f => f.ExposureStartNs)];
        _durationNs = [.. frames.Select(f => f.ExposureEndNs - f.ExposureStartNs)];
        _periodNs = 1e9 / frameRateHz;
        ReadoutNs = readoutNs;
        var longest = _durationNs.Max() + readoutNs;
        if (longest >= _periodNs)
        {
            throw new SettingsException(string.Create(CultureInfo.InvariantCulture,
                $"Simulation:FrameRateHz {frameRateHz} is too fast for the recording: its longest exposure (with readout) is {longest / 1e6:0.#} ms, "
                + $"and one camera cannot start a frame before the last one ends. Use at most {Math.Floor(1e9 / (longest + 1_000_000))} frames per second."));
        }
    }

    public int FrameCount => _recordedStartNs.Length;

    public long ReadoutNs { get; }

    public double PeriodNs => _periodNs;

    /// <summary>Whether T0 has been fixed.</summary>
    public bool IsStarted => Volatile.Read(ref _originNs) != 0;

    /// <summary>Fixes T0 at now + a short lead, once; later calls keep the first.</summary>
    public void Start(long nowNs) => Interlocked.CompareExchange(ref _originNs, nowNs + LeadNs, 0);

    /// <summary>Presented exposure g (its FrameId is g), CLOCK_MONOTONIC.</summary>
    public ExposureWindow Window(long g)
    {
        var start = Volatile.Read(ref _originNs) + (long)Math.Round(g * _periodNs);
        return new ExposureWindow(g, start, start + _durationNs[g % FrameCount], ReadoutNs);
    }

    /// <summary>Which recorded frame presentation g shows.</summary>
    public int RecordedIndex(long g) => (int)(g % FrameCount);

    /// <summary>The presentation whose slot holds camera time <paramref name="timestampNs"/>: from halfway through the gap before its exposure to halfway through the gap after.</summary>
    public long SlotAt(long timestampNs)
    {
        var origin = Volatile.Read(ref _originNs);
        if (timestampNs <= origin)
            return 0;
        var g = (long)Math.Floor((timestampNs - origin) / _periodNs);
        var window = Window(g);
        var boundary = window.EndNs + window.ReadoutNs + (long)((window.StartNs + _periodNs - window.EndNs - window.ReadoutNs) / 2);
        return timestampNs >= boundary ? g + 1 : g;
    }

    /// <summary>Recorded camera time minus presented camera time for presentation g.</summary>
    public long OffsetNs(long g) => _recordedStartNs[g % FrameCount] - Window(g).StartNs;

    public static long Now => SystemMonotonicClock.Instance.NowNs;
}
