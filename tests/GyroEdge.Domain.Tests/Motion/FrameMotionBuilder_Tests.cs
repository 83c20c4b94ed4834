using GyroEdge.Domain.Calibration;
using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Geometry;
using GyroEdge.Domain.Gyro;
using GyroEdge.Domain.Motion;

namespace GyroEdge.Domain.Tests.Motion;

public sealed class FrameMotionBuilder_Tests
{
    private const long T0 = 1_000_000_000_000;
    private const long Ms = 1_000_000;
    private static readonly CameraIntrinsics Camera = new(1000, 1000, 639.5, 359.5, 1280, 720);

    private static GyroStream NewStream(ImuCalibration? calibration = null) =>
        new(new GyroStreamOptions { NominalRateHz = 1000, TrackBias = false }, calibration ?? ImuCalibration.Identity);

    private static FrameMotionBuilder NewBuilder(GyroStream stream, int m = 8, bool honourReadout = true) =>
        new(stream, new FrameMotionOptions { RotationCount = m, Intrinsics = Camera, HonourReadout = honourReadout });

    private static void Feed(GyroStream stream, int fromIndex, int toIndex, Func<int, AngularVelocity> omega, Func<int, GyroSampleFaults>? faults = null)
    {
        for (var i = fromIndex; i < toIndex; i++)
            stream.Append(new GyroSample(T0 + (i * Ms), omega(i), faults?.Invoke(i) ?? GyroSampleFaults.None));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(5)]
    [InlineData(2)]
    public void A_Constant_Rate_About_Z_Turns_Each_Instant_By_Rate_Times_Its_Time_From_Mid_Exposure(int m)
    {
        const double rate = 2.5;
        var stream = NewStream();
        Feed(stream, 0, 200, _ => new AngularVelocity(0, 0, rate));
        var builder = NewBuilder(stream, m);
        var rotations = new double[m * 9];
        var exposure = new ExposureWindow(42, T0 + (30 * Ms) + 123, T0 + (80 * Ms) + 123);

        var motion = builder.Build(exposure, rotations);

        Assert.Equal(GyroQuality.Good, motion.Quality);
        Assert.Equal(GyroQualityIssues.None, motion.Issues);
        Assert.Equal(42, motion.FrameId);
        Assert.Same(Camera, motion.Intrinsics);
        const double duration = 0.050;
        for (var k = 0; k < m; k++)
        {
            var fromMid = (duration * k / (m - 1)) - (duration / 2);
            Rodrigues.AssertEqual(Rodrigues.Matrix(0, 0, 1, rate * fromMid), rotations.AsSpan(k * 9, 9), 1e-12, $"instant {k}");
        }
    }

    [Fact]
    public void The_Imu_To_Camera_Rotation_Turns_An_Imu_Roll_Into_A_Camera_Pan()
    {
        // IMU z is camera -y: a turn about IMU z is a turn about camera -y.
        var calibration = new ImuCalibration(RotationMatrix.FromRowMajor([1, 0, 0, 0, 0, -1, 0, 1, 0]), 0, AngularVelocity.Zero);
        var stream = NewStream(calibration);
        Feed(stream, 0, 100, _ => new AngularVelocity(0, 0, 1.0));
        var rotations = new double[2 * 9];

        NewBuilder(stream, 2).Build(new ExposureWindow(1, T0 + (20 * Ms), T0 + (60 * Ms)), rotations);

        Rodrigues.AssertEqual(Rodrigues.Matrix(0, -1, 0, 0.02), rotations.AsSpan(9, 9), 1e-12);
    }

    [Fact]
    public void With_A_Readout_Time_The_Rotations_Span_The_Middle_Rows_Exposure()
    {
        var stream = NewStream();
        // Still until 60 ms, then 3 rad/s.
        Feed(stream, 0, 200, i => new AngularVelocity(0, i >= 60 ? 3.0 : 0, 0));
        var exposure = new ExposureWindow(1, T0 + (20 * Ms), T0 + (40 * Ms), readoutNs: 60 * Ms);
        var rolling = new double[3 * 9];
        var global = new double[3 * 9];

        var motion = NewBuilder(stream, 3).Build(exposure, rolling);
        NewBuilder(stream, 3, honourReadout: false).Build(exposure, global);

        // Middle row: 50..70 ms. Before 60 ms the camera is still, but for the ramp 59..60 ms.
        Assert.Equal((T0 + (50 * Ms), T0 + (70 * Ms)), (motion.WindowStartNs, motion.WindowEndNs));
        Rodrigues.AssertEqual(Rodrigues.Matrix(0, 1, 0, 0.010 * 3.0), rolling.AsSpan(18, 9), 1e-12, "rolling, last");
        Rodrigues.AssertEqual(Rodrigues.Matrix(0, 1, 0, 0), global.AsSpan(18, 9), 1e-15, "global, last");
    }

    [Fact]
    public void Odd_M_Puts_The_Exact_Identity_In_The_Middle()
    {
        var stream = NewStream();
        Feed(stream, 0, 100, i => new AngularVelocity(Math.Sin(i * 0.1), 0.4, -0.2));
        var rotations = new double[5 * 9];

        NewBuilder(stream, 5).Build(new ExposureWindow(1, T0 + (10 * Ms) + 17, T0 + (50 * Ms) + 17), rotations);

        Assert.Equal([1.0, 0, 0, 0, 1, 0, 0, 0, 1], rotations.AsSpan(18, 9).ToArray());
    }

    [Fact]
    public void A_Window_The_Stream_Has_Not_Reached_Is_None_With_Identities()
    {
        var stream = NewStream();
        Feed(stream, 0, 50, _ => new AngularVelocity(1, 1, 1));
        var rotations = new float[8 * 9];
        rotations.AsSpan().Fill(7f);

        var motion = NewBuilder(stream).Build(new ExposureWindow(9, T0 + (30 * Ms), T0 + (60 * Ms)), rotations);

        Assert.Equal(GyroQuality.None, motion.Quality);
        Assert.Equal(GyroQualityIssues.NotCovered, motion.Issues);
        for (var k = 0; k < 8; k++)
            Assert.Equal([1f, 0, 0, 0, 1, 0, 0, 0, 1], rotations.AsSpan(k * 9, 9).ToArray());
    }

    [Fact]
    public void A_Gap_Inside_The_Exposure_Degrades_The_Frame()
    {
        var stream = NewStream();
        Feed(stream, 0, 40, _ => new AngularVelocity(0, 0, 1));
        Feed(stream, 45, 100, _ => new AngularVelocity(0, 0, 1));

        var motion = NewBuilder(stream).Build(new ExposureWindow(1, T0 + (30 * Ms), T0 + (60 * Ms)), new float[72]);

        Assert.Equal(GyroQuality.Degraded, motion.Quality);
        Assert.Equal(GyroQualityIssues.Gaps, motion.Issues);
    }

    [Fact]
    public void A_Gap_Longer_Than_The_Bridge_Limit_Leaves_The_Frame_Uncovered()
    {
        var stream = NewStream();
        Feed(stream, 0, 20, _ => new AngularVelocity(0, 0, 1));
        Feed(stream, 60, 100, _ => new AngularVelocity(0, 0, 1));

        var motion = NewBuilder(stream).Build(new ExposureWindow(1, T0 + (30 * Ms), T0 + (50 * Ms)), new float[72]);

        Assert.Equal(GyroQuality.None, motion.Quality);
        Assert.Equal(GyroQualityIssues.Gaps | GyroQualityIssues.NotCovered, motion.Issues);
    }

    [Fact]
    public void A_Saturated_Sample_Inside_The_Exposure_Degrades_The_Frame()
    {
        var stream = NewStream();
        Feed(stream, 0, 100, _ => new AngularVelocity(0, 0, 1), i => i == 45 ? GyroSampleFaults.Saturated : GyroSampleFaults.None);
        var builder = NewBuilder(stream);

        var touched = builder.Build(new ExposureWindow(1, T0 + (30 * Ms), T0 + (60 * Ms)), new float[72]);
        var clean = builder.Build(new ExposureWindow(2, T0 + (50 * Ms), T0 + (80 * Ms)), new float[72]);

        Assert.Equal((GyroQuality.Degraded, GyroQualityIssues.Saturation), (touched.Quality, touched.Issues));
        Assert.Equal(GyroQuality.Good, clean.Quality);
    }

    [Fact]
    public void A_Dropout_Just_Before_The_Exposure_Does_Not_Touch_It()
    {
        var stream = NewStream();
        // Samples lost before index 30: the first sample of the window at 30 ms carries the flag,
        // but the loss happened before the window.
        Feed(stream, 0, 100, _ => new AngularVelocity(0, 0, 1), i => i is 30 or 70 ? GyroSampleFaults.DropoutBefore : GyroSampleFaults.None);
        var builder = NewBuilder(stream);

        var before = builder.Build(new ExposureWindow(1, T0 + (30 * Ms), T0 + (60 * Ms)), new float[72]);
        var inside = builder.Build(new ExposureWindow(2, T0 + (50 * Ms), T0 + (80 * Ms)), new float[72]);

        Assert.Equal(GyroQuality.Good, before.Quality);
        Assert.Equal((GyroQuality.Degraded, GyroQualityIssues.Dropouts), (inside.Quality, inside.Issues));
    }

    [Fact]
    public void After_A_Fault_Burst_The_Stream_Recovers_And_Only_The_Frames_It_Touched_Are_Degraded()
    {
        var stream = NewStream();
        var builder = NewBuilder(stream);
        Feed(stream, 0, 100, _ => new AngularVelocity(0.1, 0, 0));
        // The burst, 100..130 ms: garbage values, a clock step back, a saturated sample, lost samples.
        stream.Append(new GyroSample(T0 + (100 * Ms), double.NaN, 0, 0));
        stream.Append(new GyroSample(T0 + (50 * Ms), 0, 0, 0));
        stream.Append(new GyroSample(T0 + (105 * Ms), 40, 0, 0, GyroSampleFaults.Saturated));
        stream.Append(new GyroSample(T0 + (120 * Ms), 0.1, 0, 0, GyroSampleFaults.DropoutBefore));
        Feed(stream, 130, 400, _ => new AngularVelocity(0.1, 0, 0));
        GyroQuality QualityOver(long fromMs, long toMs) =>
            builder.Build(new ExposureWindow(fromMs, T0 + (fromMs * Ms), T0 + (toMs * Ms)), new float[72]).Quality;

        Assert.Equal(GyroQuality.Good, QualityOver(60, 90));
        // Saturated at 105 ms, samples lost and a gap before 120 ms.
        Assert.Equal(GyroQuality.Degraded, QualityOver(95, 125));
        // Interpolates from the saturated 105 ms sample, across the 120..130 ms gap.
        Assert.Equal(GyroQuality.Degraded, QualityOver(118, 148));
        // Starts after the gap: the 130 ms sample's "gap before" lies before this exposure.
        Assert.Equal(GyroQuality.Good, QualityOver(131, 161));
        Assert.Equal(GyroQuality.Good, QualityOver(300, 330));
        Assert.Equal(2, stream.RefusedSamples);
    }

    [Fact]
    public void Building_A_Frame_Allocates_Nothing()
    {
        var stream = NewStream();
        Feed(stream, 0, 1000, i => new AngularVelocity(Math.Sin(i * 0.01), Math.Cos(i * 0.02), 0.1));
        var builder = NewBuilder(stream);
        var rotations = new float[72];
        builder.Build(new ExposureWindow(0, T0 + (100 * Ms), T0 + (150 * Ms)), rotations);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var f = 0; f < 500; f++)
            builder.Build(new ExposureWindow(f, T0 + ((100 + f) * Ms) + 7, T0 + ((150 + f) * Ms) + 7), rotations);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void An_Exposure_Longer_Than_The_Scratch_Buffer_Still_Gets_Its_Rotations()
    {
        var stream = NewStream();
        Feed(stream, 0, 2000, _ => new AngularVelocity(0, 0, 0.5));
        var rotations = new double[2 * 9];

        var motion = NewBuilder(stream, 2).Build(new ExposureWindow(0, T0 + (100 * Ms), T0 + (1100 * Ms)), rotations);

        Assert.Equal(GyroQuality.Good, motion.Quality);
        Assert.Equal(1001, motion.SampleCount);
        Rodrigues.AssertEqual(Rodrigues.Matrix(0, 0, 1, 0.25), rotations.AsSpan(9, 9), 1e-12);
    }

    [Fact]
    public void A_Rotation_Buffer_Too_Small_For_M_Is_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => NewBuilder(NewStream()).Build(new ExposureWindow(0, 0, 1), new float[70]));

        Assert.Contains("8 rotations need 72 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Without_Intrinsics_Are_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new FrameMotionBuilder(NewStream(), new FrameMotionOptions()));

        Assert.Contains("Intrinsics is not set", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void An_M_Outside_The_Contract_Is_Refused(int m)
    {
        var error = Assert.Throws<ArgumentException>(() => NewBuilder(NewStream(), m));

        Assert.Contains("RotationCount", error.Message, StringComparison.Ordinal);
    }
}
