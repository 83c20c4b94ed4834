using GyroEdge.Domain.Time;

namespace GyroEdge.Domain.Tests.Time;

public sealed class MonotonicTime_Tests
{
    [Theory]
    [InlineData(250_285_705_039_633L, "250285.705039633 s")]
    [InlineData(5L, "0.000000005 s")]
    [InlineData(-1_500_000_000L, "-1.500000000 s")]
    public void Instants_Print_As_Seconds_With_Every_Nanosecond(long ns, string expected)
    {
        Assert.Equal(expected, MonotonicTime.Format(ns));
    }

    [Fact]
    public void Seconds_Round_To_The_Nearest_Nanosecond()
    {
        Assert.Equal(1_234_567_891L, MonotonicTime.FromSeconds(1.2345678906));
        Assert.Equal(50_000_000L, MonotonicTime.FromMilliseconds(50));
        Assert.Equal(20_000_000L, MonotonicTime.FromTimeSpan(TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public void A_Non_Finite_Duration_Is_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MonotonicTime.FromSeconds(double.NaN));
    }

    [Fact]
    public void A_Manual_Clock_Moves_Only_When_Told_And_Never_Backwards()
    {
        var clock = new ManualMonotonicClock(1_000);
        clock.Advance(500);

        Assert.Equal(1_500, clock.NowNs);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Set(1_499));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(-1));
        Assert.Equal(1_500, clock.NowNs);
    }

    [Fact]
    public void Waiting_On_A_Manual_Clock_Moves_It_And_It_Starts_At_One_Second_So_Zero_Means_Never()
    {
        var clock = new ManualMonotonicClock();

        clock.Delay(60_000_000);

        Assert.Equal(1_060_000_000, clock.NowNs);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Delay(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ManualMonotonicClock(-1));
    }

    [Fact]
    public void The_System_Clock_Never_Waits_Less_Than_Asked()
    {
        // A datasheet wait is a minimum: 1.5 ms must not round down to one millisecond's sleep.
        var before = SystemMonotonicClock.Instance.NowNs;
        SystemMonotonicClock.Instance.Delay(1_500_000);
        var after = SystemMonotonicClock.Instance.NowNs;

        Assert.True(after - before >= 1_500_000, $"waited {after - before} ns");
    }

    [Fact]
    public void The_System_Clock_Counts_Nanoseconds_Since_Boot_Like_The_Kernel_Stamps()
    {
        // Environment.TickCount64 reads CLOCK_MONOTONIC_COARSE in milliseconds on Linux: the same
        // clock from the same origin (boot), at a coarser tick. A clock on another origin or in
        // other units would be off by far more than a second.
        var before = SystemMonotonicClock.Instance.NowNs;
        var coarseMs = Environment.TickCount64;
        var after = SystemMonotonicClock.Instance.NowNs;

        Assert.True(after >= before);
        Assert.InRange(coarseMs - (before / 1_000_000), -1_000, 1_000);
    }
}
