namespace GyroEdge.Domain.Time;

/// <summary>
/// A clock that moves only when told to: tests and simulations decide what "now" is, and a
/// driver's datasheet waits (<see cref="Delay"/>) move it too, so frame and strobe schedules are
/// checked exactly, a 60 ms gyro start-up costs no real time and every run produces the same
/// samples at the same instants. Safe to read from other threads while one thread moves it.
/// </summary>
public sealed class ManualMonotonicClock : IMonotonicClock
{
    /// <summary>Where a clock starts unless told otherwise: 1 s after "boot".</summary>
    /// <remarks>
    /// The kernel's CLOCK_MONOTONIC is never 0 or negative once anything runs, so code may use 0 to
    /// mean "never"; starting at 0 would make the first instant look like "never".
    /// </remarks>
    public const long DefaultStartNs = MonotonicTime.NanosecondsPerSecond;

    private long _nowNs;

    /// <param name="startNs">Where time starts; not negative, as CLOCK_MONOTONIC never is.</param>
    public ManualMonotonicClock(long startNs = DefaultStartNs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startNs);
        _nowNs = startNs;
    }

    public long NowNs => Volatile.Read(ref _nowNs);

    /// <summary>Waiting on a manual clock is moving it: the wait is over as soon as it is asked for.</summary>
    public void Delay(long nanoseconds) => Advance(nanoseconds);

    /// <summary>Moves the clock forward by <paramref name="nanoseconds"/> (never backwards: the clock is monotonic).</summary>
    public void Advance(long nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanoseconds);
        Interlocked.Add(ref _nowNs, nanoseconds);
    }

    /// <summary>Sets the clock to <paramref name="nowNs"/>, which must not be earlier than now.</summary>
    public void Set(long nowNs)
    {
        var current = NowNs;
        if (nowNs < current)
            throw new ArgumentOutOfRangeException(nameof(nowNs), nowNs, $"A monotonic clock cannot go back from {MonotonicTime.Format(current)} to {MonotonicTime.Format(nowNs)}.");
        Volatile.Write(ref _nowNs, nowNs);
    }
}
