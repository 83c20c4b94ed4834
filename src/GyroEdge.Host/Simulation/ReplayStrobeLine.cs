using GyroEdge.Hardware.Gpio;

namespace GyroEdge.Host.Simulation;

/// <summary>
/// The exposure strobe of a replayed recording: a rising edge at each presented exposure's start
/// and a falling edge at its end (<see cref="ReplaySchedule"/>), with the kernel's sequence
/// numbers, each delivered once the clock has passed it, as a GPIO line request would.
/// </summary>
public sealed class ReplayStrobeLine : IGpioLineEventSource
{
    private readonly ReplaySchedule _schedule;
    private long _next;

    public ReplayStrobeLine(ReplaySchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _schedule = schedule;
        _schedule.Start(ReplaySchedule.Now);
    }

    public string Name => "emulated strobe (replayed recording)";

    public GpioEventClock Clock => GpioEventClock.Monotonic;

    public long LostEvents => 0;

    public int ReadEvents(Span<GpioLineEvent> destination, TimeSpan timeout)
    {
        var count = 0;
        while (count < destination.Length)
        {
            var g = _next / 2;
            var start = _next % 2 == 0;
            var window = _schedule.Window(g);
            var timestamp = start ? window.StartNs : window.EndNs;
            var wait = timestamp - ReplaySchedule.Now;
            if (wait > 0)
            {
                if (count > 0 || timeout <= TimeSpan.Zero)
                    break;
                Thread.Sleep(TimeSpan.FromTicks(Math.Min(timeout.Ticks, (wait / 100) + 1)));
                if (ReplaySchedule.Now < timestamp)
                    break;
            }
            _next++;
            var seqno = (uint)_next;
            destination[count++] = new GpioLineEvent(timestamp, start ? GpioEdge.Rising : GpioEdge.Falling, 0, seqno, seqno);
        }
        return count;
    }

    public void Dispose()
    {
        // Nothing is held.
    }
}
