namespace GyroEdge.Domain.Time;

/// <summary>
/// A clock that moves only when told to: tests and simulations decide what "now" is, so frame
/// and strobe schedules are checked exactly and nothing waits on wall-clock time.
/// Safe to read from other threads while one thread moves it.
/// </summary>
public sealed class ManualMonotonicClock : IMonotonicClock
{
    private long _nowNs;

    public ManualMonotonicClock(long startNs = 0) => _nowNs = startNs;

    public long NowNs => Volatile.Read(ref _nowNs);

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
