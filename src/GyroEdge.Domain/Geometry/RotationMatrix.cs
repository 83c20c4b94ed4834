using System.Globalization;

namespace GyroEdge.Domain.Geometry;

/// <summary>
/// A 3×3 rotation matrix, row-major (M{row}{column}), in double precision. Calibration comes in
/// this form (an IMU-to-camera rotation is usually a signed permutation of axes, written down as
/// a matrix), and the model's <c>rotations</c> input is M of these.
/// </summary>
public readonly record struct RotationMatrix(
    double M00, double M01, double M02,
    double M10, double M11, double M12,
    double M20, double M21, double M22)
{
    /// <summary>How far from orthonormal with determinant +1 a matrix given by a user may be.</summary>
    public const double Tolerance = 1e-6;

    public static RotationMatrix Identity { get; } = new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    /// <summary>
    /// Reads nine values, row-major, and checks they form a rotation (orthonormal rows,
    /// determinant +1, within <see cref="Tolerance"/>): a reflection or a typo in a calibration
    /// file would otherwise turn every frame's motion silently wrong.
    /// </summary>
    public static RotationMatrix FromRowMajor(ReadOnlySpan<double> values, string what = "rotation")
    {
        if (values.Length != 9)
            throw new ArgumentException($"The {what} needs 9 values (a 3x3 matrix, row-major); got {values.Length}.", nameof(values));
        var m = new RotationMatrix(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7], values[8]);
        var error = m.OrthonormalityError();
        var determinant = m.Determinant;
        if (!(error <= Tolerance) || !(Math.Abs(determinant - 1) <= Tolerance))
        {
            var text = string.Join(", ", values.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            throw new ArgumentException(
                FormattableString.Invariant($"The {what} [{text}] is not a rotation: it must be orthonormal with determinant +1 (max |RRᵀ - I| = {error:G3}, det = {determinant:G6}). A determinant of -1 means one axis is flipped: negate one row. Fix the calibration."),
                nameof(values));
        }
        return m;
    }

    public double Determinant =>
        (M00 * ((M11 * M22) - (M12 * M21))) - (M01 * ((M10 * M22) - (M12 * M20))) + (M02 * ((M10 * M21) - (M11 * M20)));

    public RotationMatrix Transpose() => new(M00, M10, M20, M01, M11, M21, M02, M12, M22);

    public AngularVelocity Transform(AngularVelocity v) => new(
        (M00 * v.X) + (M01 * v.Y) + (M02 * v.Z),
        (M10 * v.X) + (M11 * v.Y) + (M12 * v.Z),
        (M20 * v.X) + (M21 * v.Y) + (M22 * v.Z));

    public static RotationMatrix operator *(RotationMatrix a, RotationMatrix b) => new(
        (a.M00 * b.M00) + (a.M01 * b.M10) + (a.M02 * b.M20), (a.M00 * b.M01) + (a.M01 * b.M11) + (a.M02 * b.M21), (a.M00 * b.M02) + (a.M01 * b.M12) + (a.M02 * b.M22),
        (a.M10 * b.M00) + (a.M11 * b.M10) + (a.M12 * b.M20), (a.M10 * b.M01) + (a.M11 * b.M11) + (a.M12 * b.M21), (a.M10 * b.M02) + (a.M11 * b.M12) + (a.M12 * b.M22),
        (a.M20 * b.M00) + (a.M21 * b.M10) + (a.M22 * b.M20), (a.M20 * b.M01) + (a.M21 * b.M11) + (a.M22 * b.M21), (a.M20 * b.M02) + (a.M21 * b.M12) + (a.M22 * b.M22));

    public static RotationMatrix Multiply(RotationMatrix a, RotationMatrix b) => a * b;

    /// <summary>The largest |(R·Rᵀ - I)ij|: 0 for an exact rotation or reflection.</summary>
    public double OrthonormalityError()
    {
        var p = this * Transpose();
        return Max(
            Math.Abs(p.M00 - 1), Math.Abs(p.M11 - 1), Math.Abs(p.M22 - 1),
            Math.Abs(p.M01), Math.Abs(p.M02), Math.Abs(p.M12));
    }

    /// <summary>Writes the nine values row-major.</summary>
    public void CopyTo(Span<double> destination)
    {
        if (destination.Length < 9)
            throw new ArgumentException($"A 3x3 matrix needs 9 values; the destination holds {destination.Length}.", nameof(destination));
        destination[0] = M00; destination[1] = M01; destination[2] = M02;
        destination[3] = M10; destination[4] = M11; destination[5] = M12;
        destination[6] = M20; destination[7] = M21; destination[8] = M22;
    }

    /// <summary>Writes the nine values row-major as float32, the model input's element type.</summary>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length < 9)
            throw new ArgumentException($"A 3x3 matrix needs 9 values; the destination holds {destination.Length}.", nameof(destination));
        destination[0] = (float)M00; destination[1] = (float)M01; destination[2] = (float)M02;
        destination[3] = (float)M10; destination[4] = (float)M11; destination[5] = (float)M12;
        destination[6] = (float)M20; destination[7] = (float)M21; destination[8] = (float)M22;
    }

    /// <summary>The quaternion of this rotation (Shepperd's method: the largest diagonal term keeps it stable near 180°).</summary>
    public UnitQuaternion ToQuaternion()
    {
        var trace = M00 + M11 + M22;
        UnitQuaternion q;
        if (trace > 0)
        {
            var s = 2 * Math.Sqrt(1 + trace);
            q = new UnitQuaternion(0.25 * s, (M21 - M12) / s, (M02 - M20) / s, (M10 - M01) / s);
        }
        else if (M00 > M11 && M00 > M22)
        {
            var s = 2 * Math.Sqrt(1 + M00 - M11 - M22);
            q = new UnitQuaternion((M21 - M12) / s, 0.25 * s, (M01 + M10) / s, (M02 + M20) / s);
        }
        else if (M11 > M22)
        {
            var s = 2 * Math.Sqrt(1 + M11 - M00 - M22);
            q = new UnitQuaternion((M02 - M20) / s, (M01 + M10) / s, 0.25 * s, (M12 + M21) / s);
        }
        else
        {
            var s = 2 * Math.Sqrt(1 + M22 - M00 - M11);
            q = new UnitQuaternion((M10 - M01) / s, (M02 + M20) / s, (M12 + M21) / s, 0.25 * s);
        }
        return q.Normalized();
    }

    private static double Max(params ReadOnlySpan<double> values)
    {
        var max = 0.0;
        foreach (var v in values)
            max = double.IsNaN(v) ? double.NaN : Math.Max(max, v);
        return max;
    }
}
