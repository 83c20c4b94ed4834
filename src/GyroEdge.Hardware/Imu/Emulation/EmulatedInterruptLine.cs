using GyroEdge.Hardware.Gpio;

namespace GyroEdge.Hardware.Imu.Emulation;

/// <summary>
/// An emulated chip's interrupt pin seen as a requested GPIO line: edges carry the CLOCK_MONOTONIC
/// instant the chip raised the pin (as the kernel's timestamp would, minus interrupt latency),
/// numbered like gpio_v2_line_event.seqno, and queued in a buffer of the kernel's default size
/// that drops the oldest edge when full (gpiolib-cdev.c). Waiting advances a manual clock to the
/// next edge, or sleeps until it on the real clock.
/// </summary>
public sealed class EmulatedInterruptLine : IGpioLineEventSource
{
    /// <summary>The kernel's default event buffer: 16 events per requested line.</summary>
    public const int DefaultCapacity = 16;

    private readonly EmulatedImu _chip;
    private GpioLineEvent[] _queue = new GpioLineEvent[DefaultCapacity];
    private int _head;
    private int _count;
    private uint _seqno;
    private long _lost;

    internal EmulatedInterruptLine(EmulatedImu chip, string name)
    {
        _chip = chip;
        Name = name;
    }

    public string Name { get; }

    public GpioEventClock Clock => GpioEventClock.Monotonic;

    public long LostEvents => Volatile.Read(ref _lost);

    /// <summary>Edges the chip raised, delivered or not.</summary>
    public long EdgesRaised { get; private set; }

    /// <summary>The event buffer size (event_buffer_size in the line request); resizing drops waiting edges.</summary>
    public int Capacity
    {
        get => _queue.Length;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            lock (_chip.Gate)
            {
                _queue = new GpioLineEvent[value];
                _head = 0;
                _count = 0;
            }
        }
    }

    public int ReadEvents(Span<GpioLineEvent> destination, TimeSpan timeout)
    {
        var clock = _chip.Clock;
        var deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : clock.NowNs + timeout.Ticks * 100;
        while (true)
        {
            long next;
            lock (_chip.Gate)
            {
                _chip.CatchUp();
                if (_count > 0)
                    return Take(destination);
                next = _chip.NextInterruptTimeNs();
            }
            var now = clock.NowNs;
            if (now >= deadline)
                return 0;
            var until = Math.Min(deadline, next);
            // Nothing scheduled and no deadline: wait in one-second steps, as poll(2) would wait forever.
            var wait = until == long.MaxValue ? 1_000_000_000 : until - now;
            clock.Delay(Math.Max(wait, 1));
        }
    }

    public void Dispose()
    {
    }

    /// <summary>Queues an edge (the chip's lock is held).</summary>
    internal void Raise(long timestampNs, GpioEdge edge)
    {
        EdgesRaised++;
        _seqno++;
        if (_count == _queue.Length)
        {
            _head = (_head + 1) % _queue.Length;
            _count--;
            Interlocked.Increment(ref _lost);
        }
        _queue[(_head + _count) % _queue.Length] = new GpioLineEvent(timestampNs, edge, 0, _seqno, _seqno);
        _count++;
    }

    private int Take(Span<GpioLineEvent> destination)
    {
        var count = Math.Min(destination.Length, _count);
        for (var i = 0; i < count; i++)
        {
            destination[i] = _queue[_head];
            _head = (_head + 1) % _queue.Length;
        }
        _count -= count;
        return count;
    }
}
