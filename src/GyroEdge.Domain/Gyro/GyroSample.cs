using GyroEdge.Domain.Geometry;

namespace GyroEdge.Domain.Gyro;

/// <summary>
/// One gyro reading: angular velocity in rad/s at a CLOCK_MONOTONIC instant. From a driver the
/// axes are the IMU's and the time is the IMU's; inside <see cref="GyroStream"/> they are the
/// camera's (calibration applied). A value type of 40 bytes, so a ring of them allocates once.
/// </summary>
/// <param name="TimestampNs">When the sample was measured, CLOCK_MONOTONIC ns.</param>
/// <param name="Wx">Angular velocity about x, rad/s.</param>
/// <param name="Wy">Angular velocity about y, rad/s.</param>
/// <param name="Wz">Angular velocity about z, rad/s.</param>
/// <param name="Faults">What the driver (and the stream) know to be wrong with it.</param>
public readonly record struct GyroSample(long TimestampNs, double Wx, double Wy, double Wz, GyroSampleFaults Faults = GyroSampleFaults.None)
{
    public AngularVelocity AngularVelocity => new(Wx, Wy, Wz);

    public GyroSample(long timestampNs, AngularVelocity angularVelocity, GyroSampleFaults faults = GyroSampleFaults.None)
        : this(timestampNs, angularVelocity.X, angularVelocity.Y, angularVelocity.Z, faults)
    {
    }
}
