namespace GyroEdge.Domain.Tests.Motion;

/// <summary>
/// Rotation matrices written out by hand, independent of the code under test:
/// R = I + sin(a)·K + (1 − cos(a))·K², K the cross-product matrix of the unit axis.
/// </summary>
internal static class Rodrigues
{
    public static double[] Matrix(double ax, double ay, double az, double angle)
    {
        var norm = Math.Sqrt((ax * ax) + (ay * ay) + (az * az));
        double x = ax / norm, y = ay / norm, z = az / norm;
        double s = Math.Sin(angle), c = 1 - Math.Cos(angle);
        return
        [
            1 + (c * (-(y * y) - (z * z))), (-s * z) + (c * x * y), (s * y) + (c * x * z),
            (s * z) + (c * x * y), 1 + (c * (-(x * x) - (z * z))), (-s * x) + (c * y * z),
            (-s * y) + (c * x * z), (s * x) + (c * y * z), 1 + (c * (-(x * x) - (y * y))),
        ];
    }

    public static void AssertEqual(double[] expected, ReadOnlySpan<double> actual, double tolerance, string what = "")
    {
        for (var i = 0; i < 9; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what} element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
