using GyroEdge.Domain.Geometry;

namespace GyroEdge.Domain.Calibration;

/// <summary>
/// How the IMU sits against the camera: measured per unit, never a constant in code (axis
/// signs differ between devices; shared/data/README.md).
/// </summary>
/// <param name="ImuToCamera">
/// Rotates a vector from IMU axes into camera axes (x right, y down, z forward):
/// ω_camera = ImuToCamera · (ω_imu − GyroBias).
/// </param>
/// <param name="TimeOffsetNs">
/// Added to an IMU timestamp to get the camera-side time of the motion it measured:
/// t_camera = t_imu + TimeOffsetNs. It absorbs the gyro's filter delay and any fixed latency
/// between the IMU's and the strobe's timestamps; a gyro whose low-pass filter delays the signal
/// by 2 ms has an offset of −2 000 000.
/// </param>
/// <param name="GyroBias">The gyro's zero-rate output in IMU axes (rad/s), the stream's starting bias estimate.</param>
public sealed record ImuCalibration(RotationMatrix ImuToCamera, long TimeOffsetNs, AngularVelocity GyroBias)
{
    /// <summary>IMU axes are camera axes, no offset, no bias.</summary>
    public static ImuCalibration Identity { get; } = new(RotationMatrix.Identity, 0, AngularVelocity.Zero);

    /// <summary>ω in camera axes with <paramref name="bias"/> (IMU axes) removed.</summary>
    public AngularVelocity ToCameraAxes(AngularVelocity imu, AngularVelocity bias) => ImuToCamera.Transform(imu - bias);

    /// <summary>The camera-side instant of a sample stamped <paramref name="imuTimestampNs"/>.</summary>
    public long ToCameraTime(long imuTimestampNs) => imuTimestampNs + TimeOffsetNs;
}
