using System.Diagnostics;

namespace GyroEdge.Domain.Time;

/// <summary>
/// The kernel's CLOCK_MONOTONIC. On Linux, .NET's <see cref="Stopwatch"/> reads exactly that
/// clock (clock_gettime(CLOCK_MONOTONIC)) at 1 GHz, which is the clock the kernel stamps GPIO
/// events and V4L2 buffers with; so "now" here can be compared with those timestamps directly.
/// </summary>
public sealed class SystemMonotonicClock : IMonotonicClock
{
    public static SystemMonotonicClock Instance { get; } = new();

    private SystemMonotonicClock()
    {
    }

    public long NowNs
    {
        get
        {
            var ticks = Stopwatch.GetTimestamp();
            // Only non-Linux runtimes tick at another rate; there the value is still monotonic
            // but is not the kernel's CLOCK_MONOTONIC.
            return Stopwatch.Frequency == MonotonicTime.NanosecondsPerSecond
                ? ticks
                : (long)((Int128)ticks * MonotonicTime.NanosecondsPerSecond / Stopwatch.Frequency);
        }
    }

    /// <summary>Sleeps whole milliseconds, rounded up: datasheet waits are minimums, never shortened.</summary>
    public void Delay(long nanoseconds)
    {
        if (nanoseconds <= 0)
            return;
        var deadline = NowNs + nanoseconds;
        var milliseconds = (int)Math.Min(int.MaxValue, (nanoseconds + MonotonicTime.NanosecondsPerMillisecond - 1) / MonotonicTime.NanosecondsPerMillisecond);
        Thread.Sleep(milliseconds);
        // Thread.Sleep may return a hair early on some kernels; the datasheet minimum still holds.
        while (NowNs < deadline)
            Thread.Yield();
    }
}
