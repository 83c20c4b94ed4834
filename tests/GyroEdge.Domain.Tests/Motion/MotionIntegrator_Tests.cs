using GyroEdge.Domain.Geometry;
using GyroEdge.Domain.Gyro;
using GyroEdge.Domain.Motion;

namespace GyroEdge.Domain.Tests.Motion;

public sealed class MotionIntegrator_Tests
{
    private const long T0 = 1_000_000_000_000;

    private static GyroSample[] RandomWalk(int count, int seed)
    {
        var random = new Random(seed);
        var t = T0;
        var samples = new GyroSample[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = new GyroSample(t, (random.NextDouble() * 4) - 2, (random.NextDouble() * 4) - 2, (random.NextDouble() * 4) - 2);
            t += random.Next(300_000, 1_700_000);
        }
        return samples;
    }

    [Fact]
    public void Orientations_Compose_Across_Reference_Instants()
    {
        var samples = RandomWalk(120, 1);
        double[] instants = [0.005, 0.012, 0.02, 0.031, 0.04, 0.047, 0.06, 0.07];
        var fromThird = new UnitQuaternion[8];
        var fromSixth = new UnitQuaternion[8];

        Assert.True(MotionIntegrator.TryIntegrate(samples, T0, instants[2], instants, fromThird));
        Assert.True(MotionIntegrator.TryIntegrate(samples, T0, instants[5], instants, fromSixth));

        // R_a⁻¹·R(t) = (R_a⁻¹·R_b)·(R_b⁻¹·R(t)).
        for (var k = 0; k < instants.Length; k++)
            Geometry.UnitQuaternion_Tests.AssertClose((fromThird[5] * fromSixth[k]).ToMatrix(), fromThird[k].ToMatrix(), 1e-13);
    }

    [Fact]
    public void A_Linear_Ramp_About_One_Axis_Integrates_To_The_Area_Under_It()
    {
        // ω_z rises 10 rad/s² from 0 at T0: over [0.01, 0.03] s the angle is 5·(0.03² − 0.01²).
        var samples = Enumerable.Range(0, 50).Select(i => new GyroSample(T0 + (i * 1_000_000L), 0, 0, 10.0 * i / 1000)).ToArray();
        var result = new UnitQuaternion[1];

        MotionIntegrator.TryIntegrate(samples, T0, 0.01, [0.03], result);

        Assert.Equal(5 * ((0.03 * 0.03) - (0.01 * 0.01)), result[0].Angle, 14);
    }

    [Fact]
    public void Samples_That_Do_Not_Reach_An_Instant_Are_Not_Extrapolated()
    {
        var samples = RandomWalk(10, 2);
        var end = (samples[^1].TimestampNs - T0) / 1e9;
        var result = new UnitQuaternion[2];

        Assert.False(MotionIntegrator.TryIntegrate(samples, T0, 0.001, [0.001, end + 1e-9], result));
        Assert.False(MotionIntegrator.TryIntegrate(samples, T0, 0.001, [-1e-9, 0.002], result));
        Assert.True(MotionIntegrator.TryIntegrate(samples, T0, 0.001, [0.0, end], result));
    }

    [Fact]
    public void Instants_Out_Of_Order_Are_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => MotionIntegrator.TryIntegrate(RandomWalk(10, 3), T0, 0.001, [0.002, 0.001], new UnitQuaternion[2]));

        Assert.Contains("ascending", error.Message, StringComparison.Ordinal);
    }
}
