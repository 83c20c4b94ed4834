namespace GyroEdge.Hardware.Imu.Mpu6050;

/// <summary>GYRO_CONFIG FS_SEL (bits 4:3).</summary>
public enum Mpu6050GyroRange : byte
{
    /// <summary>±250 dps, 131 LSB/dps (the reset value).</summary>
    Dps250 = 0,

    /// <summary>±500 dps, 65.5 LSB/dps.</summary>
    Dps500 = 1,

    /// <summary>±1000 dps, 32.8 LSB/dps.</summary>
    Dps1000 = 2,

    /// <summary>±2000 dps, 16.4 LSB/dps.</summary>
    Dps2000 = 3,
}
