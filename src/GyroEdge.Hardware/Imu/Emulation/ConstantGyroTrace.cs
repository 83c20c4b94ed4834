using GyroEdge.Domain.Geometry;

namespace GyroEdge.Hardware.Imu.Emulation;

/// <summary>The same angular velocity for all time (rad/s).</summary>
public sealed class ConstantGyroTrace(double x, double y, double z) : IGyroTrace
{
    public AngularVelocity At(long timestampNs) => new(x, y, z);
}
