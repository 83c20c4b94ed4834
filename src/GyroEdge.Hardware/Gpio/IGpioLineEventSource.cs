namespace GyroEdge.Hardware.Gpio;

/// <summary>
/// Where exposure-strobe edges come from: the kernel's GPIO line request
/// (<see cref="Linux.Gpio.GpioLineRequest"/>) on the board, an emulated GPIO chip in tests and
/// simulation. Consumers read in batches into a buffer they own, so nothing is allocated per edge.
/// </summary>
public interface IGpioLineEventSource : IDisposable
{
    /// <summary>How messages name the source, e.g. "/dev/gpiochip0 line 5".</summary>
    string Name { get; }

    /// <summary>The clock of <see cref="GpioLineEvent.TimestampNs"/>.</summary>
    GpioEventClock Clock { get; }

    /// <summary>Events lost so far (kernel buffer overflow), from gaps in <see cref="GpioLineEvent.Seqno"/>.</summary>
    long LostEvents { get; }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/> waits
    /// forever) for at least one event, then fills <paramref name="destination"/> with as many
    /// waiting events as fit, oldest first. Returns how many; 0 when the timeout passed first.
    /// Not for concurrent readers.
    /// </summary>
    int ReadEvents(Span<GpioLineEvent> destination, TimeSpan timeout);
}
