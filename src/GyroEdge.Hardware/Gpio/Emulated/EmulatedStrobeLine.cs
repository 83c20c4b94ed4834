using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Time;

namespace GyroEdge.Hardware.Gpio.Emulated;

/// <summary>
/// A GPIO line request fed by a camera's exposure strobe that is not there: the events a
/// kernel line request would deliver for <see cref="StrobeSchedule"/>, with its timestamps,
/// edge ids and sequence numbers (seqno and line_seqno from 1, gaps where events were dropped).
/// With a clock, an event is delivered only once the clock has passed it; without one, as
/// fast as read. Tests read the truth back with <see cref="ExposureOf"/>.
/// </summary>
public sealed class EmulatedStrobeLine : IGpioLineEventSource
{
    private readonly StrobeSchedule _schedule;
    private readonly IMonotonicClock? _clock;
    private readonly GpioEventLossCounter _losses;
    private readonly int _edgesPerFrame;
    private long _nextEvent;

    public EmulatedStrobeLine(StrobeSchedule schedule, IMonotonicClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        schedule.Validate();
        _schedule = schedule;
        _clock = clock;
        _losses = new GpioEventLossCounter([schedule.LineOffset]);
        _edgesPerFrame = schedule.Edges == StrobeEdges.Both ? 2 : 1;
    }

    public string Name => $"emulated strobe (line {_schedule.LineOffset})";

    public GpioEventClock Clock => GpioEventClock.Monotonic;

    public long LostEvents => _losses.Lost;

    /// <summary>Frame <paramref name="frame"/>'s exposure as the edges mark it (jitter included).</summary>
    public ExposureWindow ExposureOf(long frame)
    {
        var nominal = _schedule.FirstExposureStartNs + (long)Math.Round(frame * 1e9 / _schedule.FrameRateHz);
        return new ExposureWindow(frame, nominal + Jitter(frame, 0), nominal + _schedule.ExposureNs + Jitter(frame, 1));
    }

    public int ReadEvents(Span<GpioLineEvent> destination, TimeSpan timeout)
    {
        var count = 0;
        while (count < destination.Length && TryNext(out var lineEvent, count == 0 ? timeout : TimeSpan.Zero))
        {
            if (_schedule.DroppedEvents.Contains(_nextEvent - 1))
                continue;
            _losses.Observe(lineEvent);
            destination[count++] = lineEvent;
        }
        return count;
    }

    public void Dispose()
    {
        // Nothing is held.
    }

    private bool TryNext(out GpioLineEvent lineEvent, TimeSpan timeout)
    {
        lineEvent = default;
        var index = _nextEvent;
        var frame = index / _edgesPerFrame;
        if (_schedule.FrameCount is { } frames && frame >= frames)
            return false;
        var isStart = _schedule.Edges switch
        {
            StrobeEdges.Both => index % 2 == 0,
            StrobeEdges.StartOnly => true,
            _ => false,
        };
        var exposure = ExposureOf(frame);
        var timestamp = isStart ? exposure.StartNs : exposure.EndNs;
        if (_clock is not null && _clock.NowNs < timestamp)
        {
            // Only a real clock moves while we sleep; a test's manual clock is moved by the test.
            if (_clock is not SystemMonotonicClock || timeout <= TimeSpan.Zero)
                return false;
            Thread.Sleep(TimeSpan.FromTicks(Math.Min(timeout.Ticks, ((timestamp - _clock.NowNs) / 100) + 1)));
            if (_clock.NowNs < timestamp)
                return false;
        }

        _nextEvent++;
        var active = isStart != _schedule.ActiveLow;
        var seqno = (uint)(index + 1);
        lineEvent = new GpioLineEvent(timestamp, active ? GpioEdge.Rising : GpioEdge.Falling, _schedule.LineOffset, seqno, seqno);
        return true;
    }

    /// <summary>A deterministic jitter per (frame, edge): SplitMix64 of the seed and both, scaled to ±JitterNs.</summary>
    private long Jitter(long frame, int edge)
    {
        if (_schedule.JitterNs == 0)
            return 0;
        var z = unchecked((ulong)_schedule.Seed * 0x9E37_79B9_7F4A_7C15UL) ^ unchecked((ulong)((frame * 2) + edge) * 0xBF58_476D_1CE4_E5B9UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL);
        z ^= z >> 31;
        var span = (ulong)((2 * _schedule.JitterNs) + 1);
        return (long)(z % span) - _schedule.JitterNs;
    }
}
