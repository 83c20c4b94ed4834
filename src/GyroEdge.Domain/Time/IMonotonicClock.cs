namespace GyroEdge.Domain.Time;

/// <summary>
/// Where "now" comes from, and a way to wait on it: the system's CLOCK_MONOTONIC in the daemon
/// (<see cref="SystemMonotonicClock"/>), a clock the test moves by hand in tests and simulation
/// (<see cref="ManualMonotonicClock"/>, whose <see cref="Delay"/> moves it), so nothing that paces
/// itself on time, a driver's datasheet waits included, needs real waiting or differs run to run.
/// </summary>
public interface IMonotonicClock
{
    /// <summary>Now, in CLOCK_MONOTONIC nanoseconds (the timebase of kernel GPIO and V4L2 timestamps).</summary>
    long NowNs { get; }

    /// <summary>
    /// Returns no earlier than <paramref name="nanoseconds"/> from now. The system clock returns at
    /// once for 0 or less; the manual clock refuses a negative wait, so a test catches code that
    /// computed a wait from a stale "now".
    /// </summary>
    void Delay(long nanoseconds);
}
