using GyroEdge.Domain.Calibration;
using GyroEdge.Domain.Geometry;
using GyroEdge.Domain.Gyro;

namespace GyroEdge.Domain.Tests.Gyro;

/// <summary>Bias estimated at rest and tracked, starting from the calibrated bias.</summary>
public sealed class GyroStreamBias_Tests
{
    private const long T0 = 1_000_000_000_000;
    private const long Ms = 1_000_000;
    private static readonly AngularVelocity TrueBias = new(0.02, -0.01, 0.005);

    private static GyroStream NewStream(bool trackBias = true, AngularVelocity? calibratedBias = null) =>
        new(new GyroStreamOptions { NominalRateHz = 1000, TrackBias = trackBias },
            new ImuCalibration(RotationMatrix.Identity, 0, calibratedBias ?? AngularVelocity.Zero));

    /// <summary>Appends seconds of 1 kHz samples of <paramref name="rate"/> + bias + Gaussian noise.</summary>
    private static long Feed(GyroStream stream, long start, double seconds, AngularVelocity rate, double noise, int seed, Func<int, GyroSampleFaults>? faults = null)
    {
        var random = new Random(seed);
        var n = (int)(seconds * 1000);
        for (var i = 0; i < n; i++)
        {
            var w = rate + TrueBias + new AngularVelocity(Gaussian(random) * noise, Gaussian(random) * noise, Gaussian(random) * noise);
            stream.Append(new GyroSample(start + (i * Ms), w, faults?.Invoke(i) ?? GyroSampleFaults.None));
        }
        return start + (n * Ms);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void Ten_Seconds_At_Rest_Bring_The_Estimate_To_The_True_Bias()
    {
        var stream = NewStream();

        Feed(stream, T0, 10, AngularVelocity.Zero, noise: 0.003, seed: 1);

        Assert.Equal(20, stream.StillPeriods);
        // 0.8^20 of the initial 0.023 rad/s error remains (2.6e-4), plus the noise of the means.
        Assert.True((stream.Bias - TrueBias).Magnitude < 6e-4, $"bias {stream.Bias}");
    }

    [Fact]
    public void Samples_After_The_Estimate_Settles_Come_Out_With_The_Bias_Removed()
    {
        var stream = NewStream();
        var end = Feed(stream, T0, 10, AngularVelocity.Zero, noise: 0.003, seed: 2);
        var copy = new GyroSample[1100];

        stream.TryCopyWindow(end - (1000 * Ms), end - Ms, copy, out var count);

        var mean = copy[..count].Aggregate(AngularVelocity.Zero, (sum, s) => sum + s.AngularVelocity) * (1.0 / count);
        Assert.True(mean.Magnitude < 1e-3, $"mean {mean}");
    }

    [Fact]
    public void A_Steady_Turn_Is_Not_Taken_For_Bias()
    {
        var calibrated = new AngularVelocity(0.001, 0.002, 0.003);
        var stream = NewStream(calibratedBias: calibrated);

        // Perfectly smooth, so only the plausibility of the mean tells it from rest.
        Feed(stream, T0, 5, new AngularVelocity(0, 0.5, 0), noise: 0, seed: 3);

        Assert.Equal(0, stream.StillPeriods);
        Assert.Equal(calibrated, stream.Bias);
    }

    [Fact]
    public void Hand_Held_Shake_Is_Not_Rest()
    {
        var stream = NewStream();

        Feed(stream, T0, 5, AngularVelocity.Zero, noise: 0.05, seed: 4);

        Assert.Equal(0, stream.StillPeriods);
        Assert.Equal(AngularVelocity.Zero, stream.Bias);
    }

    [Fact]
    public void A_Window_With_A_Saturated_Sample_Does_Not_Count_As_Rest()
    {
        var stream = NewStream();

        Feed(stream, T0, 5, AngularVelocity.Zero, noise: 0.001, seed: 5, faults: i => i % 400 == 7 ? GyroSampleFaults.Saturated : GyroSampleFaults.None);

        Assert.Equal(0, stream.StillPeriods);
    }

    [Fact]
    public void With_Tracking_Off_The_Calibrated_Bias_Stays()
    {
        var calibrated = new AngularVelocity(0.01, 0.01, 0.01);
        var stream = NewStream(trackBias: false, calibratedBias: calibrated);

        Feed(stream, T0, 5, AngularVelocity.Zero, noise: 0.001, seed: 6);

        Assert.Equal(calibrated, stream.Bias);
        Assert.Equal(0, stream.StillPeriods);
    }
}
