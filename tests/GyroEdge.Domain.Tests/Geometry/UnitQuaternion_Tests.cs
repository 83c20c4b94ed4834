using GyroEdge.Domain.Geometry;

namespace GyroEdge.Domain.Tests.Geometry;

public sealed class UnitQuaternion_Tests
{
    [Fact]
    public void A_Rotation_Vector_About_Z_Gives_The_Textbook_Matrix()
    {
        var angle = 0.7;

        var m = UnitQuaternion.FromRotationVector(0, 0, angle).ToMatrix();

        Assert.Equal(Math.Cos(angle), m.M00, 15);
        Assert.Equal(-Math.Sin(angle), m.M01, 15);
        Assert.Equal(Math.Sin(angle), m.M10, 15);
        Assert.Equal(Math.Cos(angle), m.M11, 15);
        Assert.Equal(1.0, m.M22, 15);
    }

    [Fact]
    public void The_Product_Applies_The_Right_Operand_First_Like_Matrices()
    {
        var p = UnitQuaternion.FromAxisAngle(1, 2, 3, 0.4);
        var q = UnitQuaternion.FromAxisAngle(-2, 0.5, 1, 1.1);

        var product = (p * q).ToMatrix();
        var expected = p.ToMatrix() * q.ToMatrix();

        AssertClose(expected, product, 1e-14);
    }

    [Fact]
    public void The_Logarithm_Inverts_The_Exponential()
    {
        var (x, y, z) = UnitQuaternion.FromRotationVector(0.3, -1.2, 2.0).ToRotationVector();

        Assert.Equal(0.3, x, 14);
        Assert.Equal(-1.2, y, 14);
        Assert.Equal(2.0, z, 14);
    }

    [Fact]
    public void A_Zero_Rotation_Vector_Is_The_Exact_Identity()
    {
        Assert.Equal(UnitQuaternion.Identity, UnitQuaternion.FromRotationVector(0, 0, 0));
    }

    [Fact]
    public void A_Tiny_Rotation_Vector_Keeps_Its_Direction_And_Size()
    {
        var q = UnitQuaternion.FromRotationVector(1e-13, 0, -2e-13);

        Assert.Equal(0.5e-13, q.X, 1e-27);
        Assert.Equal(-1e-13, q.Z, 1e-27);
        Assert.Equal(1.0, q.W);
    }

    [Fact]
    public void The_Conjugate_Undoes_The_Rotation()
    {
        var q = UnitQuaternion.FromAxisAngle(0.2, 0.9, -0.4, 2.5);

        AssertClose(RotationMatrix.Identity, (q * q.Conjugate()).ToMatrix(), 1e-15);
        Assert.Equal(2.5, q.Angle, 14);
    }

    [Fact]
    public void An_Axis_Of_Zero_Length_Is_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => UnitQuaternion.FromAxisAngle(0, 0, 0, 1));

        Assert.Contains("non-zero", error.Message, StringComparison.Ordinal);
    }

    internal static void AssertClose(RotationMatrix expected, RotationMatrix actual, double tolerance)
    {
        Span<double> e = stackalloc double[9];
        Span<double> a = stackalloc double[9];
        expected.CopyTo(e);
        actual.CopyTo(a);
        for (var i = 0; i < 9; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tolerance, $"element {i}: expected {e[i]:R}, got {a[i]:R}");
    }
}
