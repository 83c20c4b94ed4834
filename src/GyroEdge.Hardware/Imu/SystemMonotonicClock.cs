using System.Diagnostics;

namespace GyroEdge.Hardware.Imu;

/// <summary>
/// The kernel's CLOCK_MONOTONIC: on Linux, Stopwatch reads clock_gettime(CLOCK_MONOTONIC), the
/// clock the GPIO character device stamps line events with by default, so IMU sample times and
/// strobe edges share one timebase.
/// </summary>
public sealed class SystemMonotonicClock : IMonotonicClock
{
    public static SystemMonotonicClock Instance { get; } = new();

    private SystemMonotonicClock()
    {
    }

    public long NowNs => Stopwatch.Frequency == 1_000_000_000
        ? Stopwatch.GetTimestamp()
        : (long)((Int128)Stopwatch.GetTimestamp() * 1_000_000_000 / Stopwatch.Frequency);

    /// <summary>Sleeps whole milliseconds, rounded up: datasheet waits are minimums, never shortened.</summary>
    public void Delay(long nanoseconds)
    {
        if (nanoseconds <= 0)
            return;
        var deadline = NowNs + nanoseconds;
        var milliseconds = (int)Math.Min(int.MaxValue, (nanoseconds + 999_999) / 1_000_000);
        Thread.Sleep(milliseconds);
        // Thread.Sleep may return a hair early on some kernels; the datasheet minimum still holds.
        while (NowNs < deadline)
            Thread.Yield();
    }
}
