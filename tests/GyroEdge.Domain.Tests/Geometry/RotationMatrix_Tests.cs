using GyroEdge.Domain.Geometry;

namespace GyroEdge.Domain.Tests.Geometry;

public sealed class RotationMatrix_Tests
{
    [Fact]
    public void A_Signed_Axis_Permutation_Is_Accepted_As_A_Calibration()
    {
        var m = RotationMatrix.FromRowMajor([0, -1, 0, 1, 0, 0, 0, 0, 1], "IMU-to-camera rotation");

        Assert.Equal(new AngularVelocity(0, 1, 0), m.Transform(new AngularVelocity(1, 0, 0)));
    }

    [Fact]
    public void A_Reflection_Is_Refused_With_How_To_Fix_It()
    {
        var error = Assert.Throws<ArgumentException>(() => RotationMatrix.FromRowMajor([-1, 0, 0, 0, 1, 0, 0, 0, 1], "IMU-to-camera rotation"));

        Assert.Contains("IMU-to-camera rotation [-1, 0, 0, 0, 1, 0, 0, 0, 1] is not a rotation", error.Message, StringComparison.Ordinal);
        Assert.Contains("det = -1", error.Message, StringComparison.Ordinal);
        Assert.Contains("negate one row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Scaled_Matrix_Is_Refused()
    {
        Assert.Throws<ArgumentException>(() => RotationMatrix.FromRowMajor([1.01, 0, 0, 0, 1, 0, 0, 0, 1]));
    }

    [Fact]
    public void Eight_Values_Are_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => RotationMatrix.FromRowMajor([1, 0, 0, 0, 1, 0, 0, 0]));

        Assert.Contains("needs 9 values", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 0, 0, 3.0)]
    [InlineData(0, 1, 0, Math.PI)]
    [InlineData(0.3, -0.2, 0.9, 3.1)]
    [InlineData(1, 1, 1, 0.2)]
    public void A_Matrix_Round_Trips_Through_Its_Quaternion_Even_Near_Half_A_Turn(double x, double y, double z, double angle)
    {
        var m = UnitQuaternion.FromAxisAngle(x, y, z, angle).ToMatrix();

        UnitQuaternion_Tests.AssertClose(m, m.ToQuaternion().ToMatrix(), 1e-14);
    }
}
