using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Geometry;

namespace GyroEdge.Host.Bench;

/// <summary>
/// The camera motion `bench engine` feeds the model: a made-up shake, not a measurement. The real
/// per-frame motion comes from the gyro stream; this only fills the contract's inputs
/// with plausible values: M orientations evenly spaced over the exposure, relative to
/// mid-exposure (the middle one is the identity), in camera axes (x right, y down, z forward).
/// </summary>
public static class SyntheticShake
{
    /// <summary>
    /// Writes M row-major 3x3 rotations about <paramref name="axis"/> (need not be unit length),
    /// sweeping -<paramref name="halfAngleRadians"/> to +<paramref name="halfAngleRadians"/>.
    /// </summary>
    public static void WriteRotations(Span<float> rotations, int count, (double X, double Y, double Z) axis, double halfAngleRadians)
    {
        if (count < 1 || rotations.Length < count * 9)
            throw new ArgumentException($"{count} rotations need {count * 9} floats; the buffer has {rotations.Length}.");
        for (var m = 0; m < count; m++)
        {
            // Evenly spaced instants in [-1, 1]; the middle one (odd M) is exactly 0: the identity.
            var t = count == 1 ? 0.0 : ((2.0 * m) / (count - 1)) - 1.0;
            UnitQuaternion.FromAxisAngle(axis.X, axis.Y, axis.Z, t * halfAngleRadians).ToMatrix().CopyTo(rotations.Slice(m * 9, 9));
        }
    }

    /// <summary>
    /// A pinhole camera for a <paramref name="width"/> x <paramref name="height"/> image with the
    /// given horizontal field of view, square pixels, principal point at the centre (row-major 3x3).
    /// </summary>
    public static void WriteIntrinsics(Span<float> intrinsics, int width, int height, double horizontalFovDegrees) =>
        CameraIntrinsics.FromHorizontalFieldOfView(horizontalFovDegrees, width, height).CopyTo(intrinsics);
}
