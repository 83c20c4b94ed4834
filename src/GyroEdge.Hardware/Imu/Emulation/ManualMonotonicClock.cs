namespace GyroEdge.Hardware.Imu.Emulation;

/// <summary>
/// A CLOCK_MONOTONIC that moves only when told: tests advance it, and a driver's datasheet waits
/// (<see cref="Delay"/>) advance it too, so a 60 ms gyro start-up costs no real time and every
/// run produces the same samples at the same instants. Thread-safe.
/// </summary>
public sealed class ManualMonotonicClock : IMonotonicClock
{
    private long _nowNs;

    /// <param name="startNs">Where time starts; the default (1 s) keeps "0" free to mean "never".</param>
    public ManualMonotonicClock(long startNs = 1_000_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startNs);
        _nowNs = startNs;
    }

    public long NowNs => Volatile.Read(ref _nowNs);

    public void Delay(long nanoseconds) => Advance(nanoseconds);

    public void Advance(long nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanoseconds);
        Interlocked.Add(ref _nowNs, nanoseconds);
    }

    public void Advance(TimeSpan span) => Advance(span.Ticks * 100);
}
