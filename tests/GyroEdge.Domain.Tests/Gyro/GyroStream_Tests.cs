using GyroEdge.Domain.Calibration;
using GyroEdge.Domain.Geometry;
using GyroEdge.Domain.Gyro;

namespace GyroEdge.Domain.Tests.Gyro;

public sealed class GyroStream_Tests
{
    private const long T0 = 1_000_000_000_000;
    private const long Ms = 1_000_000;

    private static GyroStream NewStream(double rateHz = 1000, bool trackBias = false, ImuCalibration? calibration = null, double historySeconds = 4) =>
        new(new GyroStreamOptions { NominalRateHz = rateHz, TrackBias = trackBias, History = TimeSpan.FromSeconds(historySeconds) }, calibration ?? ImuCalibration.Identity);

    private static void AppendRegular(GyroStream stream, int count, long start = T0, long period = Ms, AngularVelocity? omega = null)
    {
        var w = omega ?? new AngularVelocity(0.1, 0.2, 0.3);
        for (var i = 0; i < count; i++)
            stream.Append(new GyroSample(start + (i * period), w));
    }

    [Fact]
    public void A_Window_Comes_Back_From_The_Sample_Before_Its_Start_To_The_Sample_After_Its_End()
    {
        var stream = NewStream();
        AppendRegular(stream, 100);
        var copy = new GyroSample[64];

        var coverage = stream.TryCopyWindow(T0 + (10 * Ms) + 500, T0 + (20 * Ms) + 1, copy, out var count);

        Assert.Equal(GyroCoverage.Covered, coverage);
        Assert.Equal(12, count);
        Assert.Equal(T0 + (10 * Ms), copy[0].TimestampNs);
        Assert.Equal(T0 + (21 * Ms), copy[count - 1].TimestampNs);
    }

    [Fact]
    public void A_Window_On_Sample_Times_Needs_No_Neighbours()
    {
        var stream = NewStream();
        AppendRegular(stream, 100);
        var copy = new GyroSample[64];

        stream.TryCopyWindow(T0 + (10 * Ms), T0 + (20 * Ms), copy, out var count);

        Assert.Equal(11, count);
        Assert.Equal((T0 + (10 * Ms), T0 + (20 * Ms)), (copy[0].TimestampNs, copy[count - 1].TimestampNs));
    }

    [Fact]
    public void A_Window_Past_The_Newest_Sample_Is_Not_Yet_Covered()
    {
        var stream = NewStream();
        var copy = new GyroSample[64];
        Assert.Equal(GyroCoverage.NotYet, stream.TryCopyWindow(T0, T0 + Ms, copy, out _));

        AppendRegular(stream, 10);

        Assert.Equal(GyroCoverage.NotYet, stream.TryCopyWindow(T0 + (5 * Ms), T0 + (9 * Ms) + 1, copy, out _));
        Assert.Equal(T0 + (9 * Ms), stream.NewestTimestampNs);
    }

    [Fact]
    public void A_Window_Older_Than_The_Ring_Is_Evicted()
    {
        var stream = NewStream(rateHz: 1000, historySeconds: 0.1);
        AppendRegular(stream, 1000);
        var copy = new GyroSample[64];

        Assert.Equal(128, stream.Capacity);
        Assert.Equal(GyroCoverage.Evicted, stream.TryCopyWindow(T0 + (100 * Ms), T0 + (110 * Ms), copy, out _));
        Assert.Equal(GyroCoverage.Covered, stream.TryCopyWindow(T0 + (900 * Ms), T0 + (910 * Ms), copy, out _));
    }

    [Fact]
    public void A_Window_Before_The_First_Sample_Is_Evicted()
    {
        var stream = NewStream();
        AppendRegular(stream, 100);

        Assert.Equal(GyroCoverage.Evicted, stream.TryCopyWindow(T0 - 1, T0 + Ms, new GyroSample[8], out _));
    }

    [Fact]
    public void A_Destination_Too_Small_Reports_How_Many_Samples_The_Window_Needs()
    {
        var stream = NewStream();
        AppendRegular(stream, 100);

        var coverage = stream.TryCopyWindow(T0, T0 + (50 * Ms), new GyroSample[8], out var count);

        Assert.Equal(GyroCoverage.DestinationTooSmall, coverage);
        Assert.Equal(51, count);
    }

    [Fact]
    public void Calibration_Rotates_Into_Camera_Axes_Removes_Bias_And_Shifts_Time()
    {
        // IMU x is camera y; IMU y is camera -x.
        var rotation = RotationMatrix.FromRowMajor([0, -1, 0, 1, 0, 0, 0, 0, 1]);
        var calibration = new ImuCalibration(rotation, -2 * Ms, new AngularVelocity(0.01, 0.02, 0.03));
        var stream = NewStream(calibration: calibration);
        AppendRegular(stream, 10, omega: new AngularVelocity(1.01, 0.02, 0.53));
        var copy = new GyroSample[16];

        stream.TryCopyWindow(T0 - (2 * Ms), T0 + (7 * Ms), copy, out var count);

        Assert.Equal(10, count);
        Assert.Equal(T0 - (2 * Ms), copy[0].TimestampNs);
        Assert.Equal(0.0, copy[0].Wx, 15);
        Assert.Equal(1.0, copy[0].Wy, 15);
        Assert.Equal(0.5, copy[0].Wz, 15);
    }

    [Fact]
    public void A_Late_Sample_Is_Flagged_As_A_Gap_And_Counted()
    {
        var stream = NewStream();
        AppendRegular(stream, 10);
        stream.Append(new GyroSample(T0 + (11 * Ms), 0, 0, 0));
        var copy = new GyroSample[16];

        stream.TryCopyWindow(T0, T0 + (11 * Ms), copy, out var count);

        Assert.Equal(1, stream.Gaps);
        Assert.Equal(1.75 * Ms, stream.GapLimitNs);
        Assert.Equal(GyroSampleFaults.GapBefore, copy[count - 1].Faults);
        Assert.All(copy[..(count - 1)], s => Assert.Equal(GyroSampleFaults.None, s.Faults));
    }

    [Fact]
    public void Timestamp_Jitter_Within_The_Gap_Factor_Is_Not_A_Gap()
    {
        var stream = NewStream();
        stream.Append(new GyroSample(T0, 0, 0, 0));
        stream.Append(new GyroSample(T0 + (17 * Ms / 10), 0, 0, 0));

        Assert.Equal(0, stream.Gaps);
    }

    [Fact]
    public void Out_Of_Order_And_Non_Finite_Samples_Are_Refused_And_Mark_The_Next_Good_One()
    {
        var stream = NewStream();
        AppendRegular(stream, 5);
        stream.Append(new GyroSample(T0 + (2 * Ms), 0, 0, 0));
        stream.Append(new GyroSample(T0 + (5 * Ms), double.NaN, 0, 0));
        stream.Append(new GyroSample(T0 + (5 * Ms) + 1, 0, double.PositiveInfinity, 0));
        stream.Append(new GyroSample(T0 + (6 * Ms), 0, 0, 0));
        stream.Append(new GyroSample(T0 + (7 * Ms), 0, 0, 0));
        var copy = new GyroSample[16];

        stream.TryCopyWindow(T0, T0 + (7 * Ms), copy, out var count);

        Assert.Equal(3, stream.RefusedSamples);
        Assert.Equal(7, stream.Count);
        Assert.Equal(1, stream.Dropouts);
        // 4 ms to 6 ms: the refused 5 ms sample also left a gap.
        Assert.Equal(GyroSampleFaults.DropoutBefore | GyroSampleFaults.GapBefore, copy[count - 2].Faults);
        Assert.Equal(GyroSampleFaults.None, copy[count - 1].Faults);
    }

    [Fact]
    public void Driver_Faults_Are_Kept_On_The_Sample_And_Counted()
    {
        var stream = NewStream();
        stream.Append(new GyroSample(T0, 0, 0, 0));
        stream.Append(new GyroSample(T0 + Ms, 34.9, 0, 0, GyroSampleFaults.Saturated));
        stream.Append(new GyroSample(T0 + (2 * Ms), 0, 0, 0, GyroSampleFaults.DropoutBefore));
        stream.Append(new GyroSample(T0 + (3 * Ms), 0, 0, 0, GyroSampleFaults.GapBefore));
        var copy = new GyroSample[8];

        stream.TryCopyWindow(T0, T0 + (3 * Ms), copy, out _);

        Assert.Equal(GyroSampleFaults.Saturated, copy[1].Faults);
        Assert.Equal(GyroSampleFaults.DropoutBefore, copy[2].Faults);
        // Gaps are the stream's to judge from timestamps, not the driver's to claim.
        Assert.Equal(GyroSampleFaults.None, copy[3].Faults);
        Assert.Equal((1L, 1L, 0L), (stream.SaturatedSamples, stream.Dropouts, stream.Gaps));
    }

    [Fact]
    public void Appending_Allocates_Nothing()
    {
        var stream = NewStream(historySeconds: 0.5);
        AppendRegular(stream, 2000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        AppendRegular(stream, 5000, start: T0 + (2000 * Ms));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(7000, stream.Count);
    }

    [Fact]
    public void Bad_Options_Are_Refused_Naming_The_Property()
    {
        var error = Assert.Throws<ArgumentException>(() => new GyroStream(new GyroStreamOptions(), ImuCalibration.Identity));
        Assert.Contains("GyroStreamOptions.NominalRateHz is 0", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ArgumentException>(() => new GyroStream(new GyroStreamOptions { NominalRateHz = 1000, GapFactor = 1 }, ImuCalibration.Identity));
        Assert.Contains("GapFactor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Consumer_Reading_While_The_Producer_Laps_The_Ring_Never_Sees_A_Torn_Or_Misplaced_Sample()
    {
        // A tiny ring (64 slots) so the producer overwrites what the consumer is copying all the
        // time. Every sample carries its own index in all three axes; a torn or stale copy
        // would break either the index/timestamp relation or the window bracket.
        var stream = NewStream(rateHz: 1000, historySeconds: 0.05);
        const int total = 400_000;
        stream.Append(new GyroSample(T0, 0, 0, 0));
        var producer = new Thread(() =>
        {
            for (var i = 1; i < total; i++)
                stream.Append(new GyroSample(T0 + (i * Ms), i, i, i));
        });
        producer.Start();

        var copy = new GyroSample[64];
        var covered = 0;
        while (producer.IsAlive || covered == 0)
        {
            var newest = stream.NewestTimestampNs!.Value;
            var start = newest - (20 * Ms) - 300;
            if (stream.TryCopyWindow(start, start + (10 * Ms), copy, out var count) != GyroCoverage.Covered)
                continue;
            covered++;
            Assert.Equal(12, count);
            for (var k = 0; k < count; k++)
            {
                var index = (copy[k].TimestampNs - T0) / Ms;
                Assert.Equal((double)index, copy[k].Wx);
                Assert.Equal((double)index, copy[k].Wz);
                if (k > 0)
                    Assert.Equal(copy[k - 1].TimestampNs + Ms, copy[k].TimestampNs);
            }
            Assert.True(copy[0].TimestampNs <= start && copy[1].TimestampNs > start);
        }
        producer.Join();

        Assert.True(covered > 0);
        Assert.Equal(total, stream.Count);
    }
}
