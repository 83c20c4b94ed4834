namespace GyroEdge.Hardware.Imu.Icm42688;

/// <summary>GYRO_CONFIG0 GYRO_FS_SEL (bits 7:5): full-scale range; sensitivity is 32768 / range LSB per dps.</summary>
public enum Icm42688GyroRange : byte
{
    /// <summary>±2000 dps, 16.4 LSB/dps (the reset value).</summary>
    Dps2000 = 0,

    /// <summary>±1000 dps, 32.8 LSB/dps.</summary>
    Dps1000 = 1,

    /// <summary>±500 dps, 65.5 LSB/dps.</summary>
    Dps500 = 2,

    /// <summary>±250 dps, 131 LSB/dps.</summary>
    Dps250 = 3,

    /// <summary>±125 dps, 262 LSB/dps.</summary>
    Dps125 = 4,

    /// <summary>±62.5 dps, 524.3 LSB/dps.</summary>
    Dps62Point5 = 5,

    /// <summary>±31.25 dps, 1048.6 LSB/dps.</summary>
    Dps31Point25 = 6,

    /// <summary>±15.625 dps, 2097.2 LSB/dps.</summary>
    Dps15Point625 = 7,
}
