namespace GyroEdge.Domain.Time;

/// <summary>
/// Where "now" comes from: the system's CLOCK_MONOTONIC in the daemon
/// (<see cref="SystemMonotonicClock"/>), a clock the test moves by hand in tests and simulation
/// (<see cref="ManualMonotonicClock"/>), so nothing that paces itself on time needs real waiting.
/// </summary>
public interface IMonotonicClock
{
    /// <summary>Now, in CLOCK_MONOTONIC nanoseconds.</summary>
    long NowNs { get; }
}
