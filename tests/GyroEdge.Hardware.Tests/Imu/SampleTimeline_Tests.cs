using GyroEdge.Hardware.Imu;

namespace GyroEdge.Hardware.Tests.Imu;

/// <summary>The IMU-time to CLOCK_MONOTONIC fit, fed directly.</summary>
public sealed class SampleTimeline_Tests
{
    private const long Period = 1_000_000;

    [Fact]
    public void Exact_Points_Give_Offset_And_Rate()
    {
        // The IMU clock runs 500 ppm fast: 1 s of monotonic time is 1.0005 s of IMU time.
        var timeline = new SampleTimeline(Period);
        const long offset = 7_000_000_000;
        for (var u = 0L; u <= 20_000_000_000; u += 5_000_000)
            timeline.Observe(u, Truth(u), Truth(u));

        Assert.InRange(timeline.DriftPpm, 499, 501);
        Assert.InRange(timeline.ToMonotonic(20_000_000_000) - Truth(20_000_000_000), -100, 100);
        Assert.InRange(timeline.ToImuTime(Truth(10_000_000_000)) - 10_000_000_000, -100, 100);

        static long Truth(long u) => offset + (long)Math.Round(u / 1.0005);
    }

    [Fact]
    public void Brackets_At_Spreading_Phases_Pin_The_Offset_To_Their_Narrowest_Edges()
    {
        // Each read brackets the newest sample in [read − P, read + 40 µs]; reads every 4.37 ms land
        // at every phase, so the envelope narrows to the 40 µs transaction and the estimate sits
        // within half of it.
        var timeline = new SampleTimeline(Period);
        const long offset = 3_000_000_000;
        for (var read = offset; read < offset + 10_000_000_000; read += 4_370_000)
        {
            var newest = (read - offset) / Period * Period; // IMU time of the newest sample produced by the read
            timeline.Observe(newest, read - Period, read + 40_000);
        }

        var error = timeline.ToMonotonic(5_000_000_000) - (offset + 5_000_000_000);
        Assert.InRange(error, 0, 21_000);
    }

    [Fact]
    public void Rebase_Forgets_The_Offset_But_Keeps_The_Rate()
    {
        var timeline = new SampleTimeline(Period);
        for (var u = 0L; u <= 10_000_000_000; u += 5_000_000)
            timeline.Observe(u, (long)(u / 1.0002), (long)(u / 1.0002));
        var rate = timeline.DriftPpm;

        timeline.Rebase();
        timeline.Observe(0, 50_000_000_000, 50_000_000_000);

        Assert.InRange(rate, 199, 201);
        Assert.Equal(rate, timeline.DriftPpm);
        Assert.InRange(timeline.ToMonotonic(1_000_000_000) - (50_000_000_000 + (long)Math.Round(1_000_000_000 / 1.0002)), -1_000, 1_000);
    }
}
