namespace GyroEdge.Hardware.Imu.Mpu6050;

/// <summary>Which member of the family answered; the value is its WHO_AM_I.</summary>
public enum Mpu6050Variant : byte
{
    /// <summary>MPU-6050 (WHO_AM_I 0x68): 1024-byte FIFO.</summary>
    Mpu6050 = 0x68,

    /// <summary>MPU-6500 (0x70): 512-byte FIFO.</summary>
    Mpu6500 = 0x70,

    /// <summary>MPU-9250 (0x71), an MPU-6500 with an AK8963 magnetometer beside it: 512-byte FIFO.</summary>
    Mpu9250 = 0x71,
}
