using GyroEdge.Host.Bench;

namespace GyroEdge.Host.Tests.Bench;

public class SyntheticShake_Tests
{
    private const int Count = 5;
    private static readonly (double X, double Y, double Z) Axis = (0.2, 1.0, 0.1);
    private const double HalfAngle = 0.01;

    private static float[] Rotations()
    {
        var rotations = new float[Count * 9];
        SyntheticShake.WriteRotations(rotations, Count, Axis, HalfAngle);
        return rotations;
    }

    [Fact]
    public void The_Middle_Rotation_Is_The_Identity_Because_Motion_Is_Relative_To_Mid_Exposure()
    {
        var middle = Rotations().AsSpan(2 * 9, 9).ToArray();

        Assert.Equal([1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f], middle);
    }

    [Fact]
    public void Every_Rotation_Is_Orthonormal_With_Determinant_One()
    {
        var all = Rotations();
        for (var m = 0; m < Count; m++)
        {
            var r = all.AsSpan(m * 9, 9);
            for (var i = 0; i < 3; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    var dot = (r[i * 3] * r[j * 3]) + (r[(i * 3) + 1] * r[(j * 3) + 1]) + (r[(i * 3) + 2] * r[(j * 3) + 2]);
                    Assert.Equal(i == j ? 1.0 : 0.0, dot, 6);
                }
            }
            var det = (r[0] * ((r[4] * r[8]) - (r[5] * r[7]))) - (r[1] * ((r[3] * r[8]) - (r[5] * r[6]))) + (r[2] * ((r[3] * r[7]) - (r[4] * r[6])));
            Assert.Equal(1.0, det, 6);
        }
    }

    [Fact]
    public void The_First_And_Last_Rotations_Turn_By_The_Half_Angle_About_The_Axis()
    {
        var all = Rotations();
        var norm = Math.Sqrt((0.2 * 0.2) + 1 + (0.1 * 0.1));
        double[] n = [0.2 / norm, 1.0 / norm, 0.1 / norm];
        foreach (var m in new[] { 0, Count - 1 })
        {
            var r = all.AsSpan(m * 9, 9);
            // The angle of a rotation from its trace: cos(angle) = (trace - 1) / 2.
            var angle = Math.Acos((r[0] + r[4] + r[8] - 1) / 2.0);
            Assert.Equal(HalfAngle, angle, 4);
            // A rotation leaves its own axis where it is.
            for (var i = 0; i < 3; i++)
                Assert.Equal(n[i], (r[i * 3] * n[0]) + (r[(i * 3) + 1] * n[1]) + (r[(i * 3) + 2] * n[2]), 6);
        }
    }

    [Fact]
    public void Intrinsics_For_A_70_Degree_Field_Of_View_Put_The_Focal_Length_At_Half_Width_Over_Tan_35()
    {
        var k = new float[9];

        SyntheticShake.WriteIntrinsics(k, width: 640, height: 480, horizontalFovDegrees: 70);

        // tan(35°) = 0.7002075; 320 / 0.7002075 = 457.007.
        Assert.Equal(457.007, k[0], 2);
        Assert.Equal(457.007, k[4], 2);
        Assert.Equal(319.5f, k[2]);
        Assert.Equal(239.5f, k[5]);
        Assert.Equal([0f, 0f, 1f], k[6..]);
    }
}
