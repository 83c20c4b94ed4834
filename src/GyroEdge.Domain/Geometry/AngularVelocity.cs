namespace GyroEdge.Domain.Geometry;

/// <summary>An angular velocity (or a gyro bias) in rad/s about the x, y and z axes of some frame.</summary>
public readonly record struct AngularVelocity(double X, double Y, double Z)
{
    public static AngularVelocity Zero => default;

    /// <summary>|ω| in rad/s.</summary>
    public double Magnitude => Math.Sqrt((X * X) + (Y * Y) + (Z * Z));

    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y) && double.IsFinite(Z);

    public static AngularVelocity operator -(AngularVelocity a, AngularVelocity b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static AngularVelocity operator +(AngularVelocity a, AngularVelocity b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static AngularVelocity operator *(AngularVelocity a, double scale) => new(a.X * scale, a.Y * scale, a.Z * scale);

    public static AngularVelocity Subtract(AngularVelocity a, AngularVelocity b) => a - b;

    public static AngularVelocity Add(AngularVelocity a, AngularVelocity b) => a + b;

    public static AngularVelocity Multiply(AngularVelocity a, double scale) => a * scale;
}
