namespace GyroEdge.Host.Configuration;

/// <summary><c>Calibration</c>: how the IMU sits against the camera (GyroEdge.Domain ImuCalibration).</summary>
public sealed class CalibrationSettings
{
    /// <summary>
    /// The 3x3 rotation from IMU axes to camera axes (x right, y down, z forward), as rows:
    /// <c>[[1,0,0],[0,1,0],[0,0,1]]</c>. Absent: the identity (IMU axes are camera axes).
    /// </summary>
    public IList<IList<double>>? ImuToCamera { get; set; }

    /// <summary>Added to IMU timestamps to get camera time, ns (the gyro filter's delay is negative).</summary>
    public long TimeOffsetNs { get; set; }

    /// <summary>The gyro's zero-rate output in IMU axes, rad/s, three numbers; absent: zero.</summary>
    public IList<double>? GyroBias { get; set; }
}
