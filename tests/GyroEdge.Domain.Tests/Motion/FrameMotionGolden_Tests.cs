using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Geometry;
using GyroEdge.Domain.Gyro;
using GyroEdge.Domain.Motion;

namespace GyroEdge.Domain.Tests.Motion;

/// <summary>
/// The daemon's rotations against the trainer's, case by case (tests/golden/frame_motion.json,
/// computed by gyroedge_trainer.motion). The same file is checked by tests/trainer/test_motion.py.
/// </summary>
public sealed class FrameMotionGolden_Tests
{
    private static readonly FrameMotionGolden Golden = FrameMotionGolden.Load();

    public static TheoryData<string> Cases => FrameMotionGolden.CaseNames();

    private static GoldenCase Case(string name) => Golden.Cases.Single(c => c.Name == name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_Integrator_On_Calibrated_Samples_Matches_The_Trainer(string name)
    {
        var c = Case(name);
        var calibration = c.ToCalibration();
        var samples = c.ImuSamples()
            .Select(s => new GyroSample(calibration.ToCameraTime(s.TimestampNs), calibration.ToCameraAxes(s.AngularVelocity, calibration.GyroBias)))
            .ToArray();
        var window = c.ToWindow().MiddleRow();
        var instants = new double[c.M];
        var orientations = new UnitQuaternion[c.M];

        var reference = ExposureInstants.Fill(window.DurationNs, instants);
        var covered = MotionIntegrator.TryIntegrate(samples, window.StartNs, reference, instants, orientations);

        Assert.Equal(c.Covered, covered);
        if (!covered)
            return;
        var actual = new double[c.M * 9];
        for (var m = 0; m < c.M; m++)
            orientations[m].ToMatrix().CopyTo(actual.AsSpan(m * 9));
        AssertWithin(c.ExpectedRowMajor(), actual, Golden.Atol, name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_Stream_And_Builder_Match_The_Trainer_From_Raw_Imu_Samples(string name)
    {
        var c = Case(name);
        var stream = new GyroStream(new GyroStreamOptions { NominalRateHz = 200, TrackBias = false }, c.ToCalibration());
        stream.Append(c.ImuSamples());
        var builder = new FrameMotionBuilder(stream, new FrameMotionOptions
        {
            RotationCount = c.M,
            Intrinsics = new CameraIntrinsics(1000, 1000, 640, 360, 1280, 720),
        });
        var rotations = new double[c.M * 9];

        var motion = builder.Build(c.ToWindow(), rotations);

        if (!c.Covered)
        {
            Assert.Equal(GyroQuality.None, motion.Quality);
            Assert.True(motion.Issues.HasFlag(GyroQualityIssues.NotCovered));
            return;
        }
        Assert.NotEqual(GyroQuality.None, motion.Quality);
        AssertWithin(c.ExpectedRowMajor(), rotations, Golden.Atol, name);

        var single = new float[c.M * 9];
        builder.Build(c.ToWindow(), single);
        AssertWithin(c.ExpectedRowMajor(), single.Select(v => (double)v).ToArray(), 1e-6, name + " (float32)");
    }

    [Fact]
    public void The_Golden_File_Has_The_Cases_The_Contract_Needs()
    {
        Assert.Contains(Golden.Cases, c => c.M == 1);
        Assert.Contains(Golden.Cases, c => c.M == 5);
        Assert.Contains(Golden.Cases, c => c.M == 8);
        Assert.Contains(Golden.Cases, c => c.Exposure.ReadoutNs > 0);
        Assert.Contains(Golden.Cases, c => c.Calibration.TimeOffsetNs != 0);
        Assert.Contains(Golden.Cases, c => !c.Covered);
        Assert.Contains(Golden.Cases, c => c.Name.StartsWith("phone_like", StringComparison.Ordinal));
        Assert.Equal(1e-6, Golden.Atol);
    }

    private static void AssertWithin(double[] expected, double[] actual, double atol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= atol,
                $"{what}: rotation {i / 9} element {i % 9}: trainer {expected[i]:R}, daemon {actual[i]:R}");
        }
    }
}
