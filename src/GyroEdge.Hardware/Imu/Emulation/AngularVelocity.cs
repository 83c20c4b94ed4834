namespace GyroEdge.Hardware.Imu.Emulation;

/// <summary>Angular velocity in rad/s about the IMU's x, y and z axes.</summary>
public readonly record struct AngularVelocity(double X, double Y, double Z);
