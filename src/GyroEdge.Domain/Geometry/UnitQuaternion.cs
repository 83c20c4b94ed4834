namespace GyroEdge.Domain.Geometry;

/// <summary>
/// A rotation as a unit quaternion (W, X, Y, Z), Hamilton convention, in double precision: the
/// integrator composes tens of small increments per frame, and float would drift visibly in the
/// trailing digits the golden vectors compare. <c>p * q</c> applies <c>q</c> first, then
/// <c>p</c>, like the matrix product; the matrix of <c>q</c> rotates vectors actively
/// (v' = q v q*).
/// </summary>
public readonly record struct UnitQuaternion(double W, double X, double Y, double Z)
{
    /// <summary>
    /// Below this rotation-vector length (radians) <see cref="FromRotationVector"/> uses the
    /// series of sin(θ/2)/θ: at 1e-12 rad the series' first neglected term is ~1e-26, far below
    /// double's resolution, and it avoids 0/0 for the zero vector. Python's motion.py uses the same limit.
    /// </summary>
    public const double SmallAngle = 1e-12;

    public static UnitQuaternion Identity { get; } = new(1, 0, 0, 0);

    /// <summary>The rotation angle in radians, in [0, π].</summary>
    public double Angle
    {
        get
        {
            var vector = Math.Sqrt((X * X) + (Y * Y) + (Z * Z));
            return 2 * Math.Atan2(vector, Math.Abs(W));
        }
    }

    /// <summary>
    /// The rotation exponential: the rotation by |v| radians about v/|v|,
    /// q = (cos(|v|/2), sin(|v|/2)·v/|v|).
    /// </summary>
    public static UnitQuaternion FromRotationVector(double x, double y, double z)
    {
        var angle = Math.Sqrt((x * x) + (y * y) + (z * z));
        var (sinHalf, cosHalf) = Math.SinCos(0.5 * angle);
        var k = angle > SmallAngle ? sinHalf / angle : 0.5;
        return new UnitQuaternion(cosHalf, k * x, k * y, k * z);
    }

    /// <summary>The rotation by <paramref name="angle"/> radians about <paramref name="axis"/> (any non-zero length).</summary>
    public static UnitQuaternion FromAxisAngle(double axisX, double axisY, double axisZ, double angle)
    {
        var norm = Math.Sqrt((axisX * axisX) + (axisY * axisY) + (axisZ * axisZ));
        if (!(norm > 0) || !double.IsFinite(norm))
            throw new ArgumentException($"A rotation axis must be a finite non-zero vector; got ({axisX}, {axisY}, {axisZ}).");
        var s = angle / norm;
        return FromRotationVector(axisX * s, axisY * s, axisZ * s);
    }

    /// <summary>The rotation logarithm: axis times angle (angle in [0, π]).</summary>
    public (double X, double Y, double Z) ToRotationVector()
    {
        var q = W < 0 ? new UnitQuaternion(-W, -X, -Y, -Z) : this;
        var vector = Math.Sqrt((q.X * q.X) + (q.Y * q.Y) + (q.Z * q.Z));
        if (vector < SmallAngle)
            return (2 * q.X, 2 * q.Y, 2 * q.Z);
        var k = 2 * Math.Atan2(vector, q.W) / vector;
        return (k * q.X, k * q.Y, k * q.Z);
    }

    /// <summary>The Hamilton product: <paramref name="q"/> first, then <paramref name="p"/>.</summary>
    public static UnitQuaternion operator *(UnitQuaternion p, UnitQuaternion q) => new(
        (p.W * q.W) - (p.X * q.X) - (p.Y * q.Y) - (p.Z * q.Z),
        (p.W * q.X) + (p.X * q.W) + (p.Y * q.Z) - (p.Z * q.Y),
        (p.W * q.Y) - (p.X * q.Z) + (p.Y * q.W) + (p.Z * q.X),
        (p.W * q.Z) + (p.X * q.Y) - (p.Y * q.X) + (p.Z * q.W));

    public static UnitQuaternion Multiply(UnitQuaternion p, UnitQuaternion q) => p * q;

    /// <summary>The inverse rotation.</summary>
    public UnitQuaternion Conjugate() => new(W, -X, -Y, -Z);

    /// <summary>Back to unit length: products of many unit quaternions drift by rounding.</summary>
    public UnitQuaternion Normalized()
    {
        var norm = Math.Sqrt((W * W) + (X * X) + (Y * Y) + (Z * Z));
        return new UnitQuaternion(W / norm, X / norm, Y / norm, Z / norm);
    }

    /// <summary>The rotation matrix.</summary>
    public RotationMatrix ToMatrix()
    {
        double xx = X * X, yy = Y * Y, zz = Z * Z;
        double xy = X * Y, xz = X * Z, yz = Y * Z;
        double wx = W * X, wy = W * Y, wz = W * Z;
        return new RotationMatrix(
            1 - (2 * (yy + zz)), 2 * (xy - wz), 2 * (xz + wy),
            2 * (xy + wz), 1 - (2 * (xx + zz)), 2 * (yz - wx),
            2 * (xz - wy), 2 * (yz + wx), 1 - (2 * (xx + yy)));
    }

    /// <summary>Rotates <paramref name="v"/> (v' = q v q*).</summary>
    public AngularVelocity Rotate(AngularVelocity v) => ToMatrix().Transform(v);
}
