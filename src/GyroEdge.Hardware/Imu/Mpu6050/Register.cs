namespace GyroEdge.Hardware.Imu.Mpu6050;

/// <summary>
/// MPU-6050/6500/9250 registers the driver uses, named as in the register maps (RM-MPU-6000A-00
/// rev 4.2; RM-MPU-6500A-00; RM-MPU-9250A-00), addresses as in Linux inv_mpu_iio.h.
/// </summary>
#pragma warning disable CA1707 // Datasheet names, underscores included, so the code reads against the register map.
internal enum Register : byte
{
    SMPLRT_DIV = 0x19,
    CONFIG = 0x1A,
    GYRO_CONFIG = 0x1B,
    ACCEL_CONFIG = 0x1C,
    FIFO_EN = 0x23,
    INT_PIN_CFG = 0x37,
    INT_ENABLE = 0x38,
    INT_STATUS = 0x3A,
    ACCEL_XOUT_H = 0x3B,
    TEMP_OUT_H = 0x41,
    GYRO_XOUT_H = 0x43,
    SIGNAL_PATH_RESET = 0x68,
    USER_CTRL = 0x6A,
    PWR_MGMT_1 = 0x6B,
    PWR_MGMT_2 = 0x6C,
    FIFO_COUNTH = 0x72,
    FIFO_COUNTL = 0x73,
    FIFO_R_W = 0x74,
    WHO_AM_I = 0x75,
}
#pragma warning restore CA1707

/// <summary>Bit fields the driver sets, named after the register-map fields.</summary>
internal static class Bits
{
    // PWR_MGMT_1 (0x6B)
    public const byte DeviceReset = 0x80;
    public const byte Sleep = 0x40;

    /// <summary>CLKSEL = 1: PLL with the X gyro as reference, which the register map recommends over the 8 MHz oscillator.</summary>
    public const byte ClockPllGyroX = 0x01;

    // FIFO_EN (0x23)
    public const byte FifoGyroXyz = 0x70;
    public const byte FifoAccel = 0x08;
    public const byte FifoTemperature = 0x80;

    // USER_CTRL (0x6A)
    public const byte UserFifoEnable = 0x40;

    /// <summary>FIFO_RESET: takes effect while FIFO_EN (bit 6) is 0; clears itself.</summary>
    public const byte UserFifoReset = 0x04;

    // INT_ENABLE (0x38) and INT_STATUS (0x3A)
    public const byte IntFifoOverflow = 0x10;
    public const byte IntDataReady = 0x01;

    // INT_PIN_CFG (0x37)
    public const byte IntPinActiveLow = 0x80;

    // CONFIG (0x1A) DLPF_CFG bits 2:0; MPU-6500 bit 6 FIFO_MODE (1: drop new data when full)
    public const byte DlpfMask = 0x07;
    public const byte ConfigFifoModeKeepOldest = 0x40;
}
