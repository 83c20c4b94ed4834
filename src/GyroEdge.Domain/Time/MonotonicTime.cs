using System.Globalization;

namespace GyroEdge.Domain.Time;

/// <summary>
/// GyroEdge's one timebase: CLOCK_MONOTONIC in nanoseconds, held as <see cref="long"/>. The
/// kernel stamps GPIO line events, V4L2 buffers and (through the IMU drivers) gyro samples on
/// this clock, so every timestamp in the domain is comparable without conversion. A long holds
/// 292 years of nanoseconds; a double would lose sub-microsecond resolution after a few days
/// of uptime, so arithmetic on instants stays in integers and only differences become seconds.
/// </summary>
public static class MonotonicTime
{
    public const long NanosecondsPerSecond = 1_000_000_000;
    public const long NanosecondsPerMillisecond = 1_000_000;
    public const long NanosecondsPerMicrosecond = 1_000;

    /// <summary>Seconds to nanoseconds, rounded to the nearest nanosecond.</summary>
    public static long FromSeconds(double seconds)
    {
        if (!double.IsFinite(seconds) || Math.Abs(seconds) > long.MaxValue / (double)NanosecondsPerSecond)
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A duration in seconds must be finite and within ±292 years.");
        return (long)Math.Round(seconds * NanosecondsPerSecond);
    }

    public static long FromMilliseconds(double milliseconds) => FromSeconds(milliseconds / 1e3);

    public static long FromTimeSpan(TimeSpan duration) => checked(duration.Ticks * (NanosecondsPerSecond / TimeSpan.TicksPerSecond));

    /// <summary>A duration in seconds. Take differences of instants first: an instant itself loses precision as a double.</summary>
    public static double ToSeconds(long nanoseconds) => nanoseconds / 1e9;

    public static TimeSpan ToTimeSpan(long nanoseconds) => TimeSpan.FromTicks(nanoseconds / (NanosecondsPerSecond / TimeSpan.TicksPerSecond));

    /// <summary>An instant for messages, e.g. "12.000345678 s".</summary>
    public static string Format(long nanoseconds)
    {
        var sign = nanoseconds < 0 ? "-" : "";
        var magnitude = nanoseconds == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(nanoseconds);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{magnitude / NanosecondsPerSecond}.{magnitude % NanosecondsPerSecond:D9} s");
    }
}
