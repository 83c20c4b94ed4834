namespace GyroEdge.Hardware.Imu;

/// <summary>
/// CLOCK_MONOTONIC as drivers and emulators see it: what time it is, and a way to wait. The board
/// uses <see cref="SystemMonotonicClock"/>; tests use a manual clock whose <see cref="Delay"/>
/// advances time, so datasheet waits (reset, start-up) cost nothing and every run is repeatable.
/// </summary>
public interface IMonotonicClock
{
    /// <summary>Now, in CLOCK_MONOTONIC nanoseconds (the timebase of kernel GPIO and V4L2 timestamps).</summary>
    long NowNs { get; }

    /// <summary>Returns no earlier than <paramref name="nanoseconds"/> from now.</summary>
    void Delay(long nanoseconds);
}
