namespace GyroEdge.Hardware.Imu.Icm42688;

/// <summary>
/// ICM-42688-P user bank 0 registers, named as in the datasheet (DS-000347 §13-14), plus the one
/// bank 1 register the driver touches. Addresses from TDK's register map as mirrored by Linux
/// inv_icm42600.h and PX4's InvenSense_ICM42688P_registers.hpp.
/// </summary>
#pragma warning disable CA1707 // Datasheet names, underscores included, so the code reads against DS-000347.
internal enum Register : byte
{
    DEVICE_CONFIG = 0x11,
    DRIVE_CONFIG = 0x13,
    INT_CONFIG = 0x14,
    FIFO_CONFIG = 0x16,
    TEMP_DATA1 = 0x1D,
    ACCEL_DATA_X1 = 0x1F,
    GYRO_DATA_X1 = 0x25,
    TMST_FSYNCH = 0x2B,
    INT_STATUS = 0x2D,
    FIFO_COUNTH = 0x2E,
    FIFO_COUNTL = 0x2F,
    FIFO_DATA = 0x30,
    SIGNAL_PATH_RESET = 0x4B,
    INTF_CONFIG0 = 0x4C,
    INTF_CONFIG1 = 0x4D,
    PWR_MGMT0 = 0x4E,
    GYRO_CONFIG0 = 0x4F,
    ACCEL_CONFIG0 = 0x50,
    GYRO_CONFIG1 = 0x51,
    GYRO_ACCEL_CONFIG0 = 0x52,
    ACCEL_CONFIG1 = 0x53,
    TMST_CONFIG = 0x54,
    FIFO_CONFIG1 = 0x5F,
    FIFO_CONFIG2 = 0x60,
    FIFO_CONFIG3 = 0x61,
    FSYNC_CONFIG = 0x62,
    INT_CONFIG0 = 0x63,
    INT_CONFIG1 = 0x64,
    INT_SOURCE0 = 0x65,
    INT_SOURCE1 = 0x66,
    FIFO_LOST_PKT0 = 0x6C,
    FIFO_LOST_PKT1 = 0x6D,
    WHO_AM_I = 0x75,
    REG_BANK_SEL = 0x76,

    /// <summary>Bank 1: bits 2:1 PIN9_FUNCTION (0 INT2, 1 FSYNC, 2 CLKIN) — FSYNC shares pin 9 with INT2.</summary>
    INTF_CONFIG5_BANK1 = 0x7B,
}
#pragma warning restore CA1707

/// <summary>Bit fields the driver sets, named after the datasheet fields.</summary>
internal static class Bits
{
    public const byte WhoAmIValue = 0x47;

    public const byte DeviceConfigSoftReset = 0x01;

    // INT_STATUS (0x2D)
    public const byte IntStatusResetDone = 0x10;
    public const byte IntStatusDataReady = 0x08;
    public const byte IntStatusFifoThreshold = 0x04;
    public const byte IntStatusFifoFull = 0x02;

    // INT_CONFIG (0x14): INT1_MODE b2 (0 pulsed), INT1_DRIVE_CIRCUIT b1 (1 push-pull), INT1_POLARITY b0 (1 active high)
    public const byte IntConfigPulsedPushPullActiveHigh = 0x03;

    // INT_CONFIG1 (0x64)
    public const byte IntConfig1PulseDuration8Us = 0x40;
    public const byte IntConfig1DeassertDisable = 0x20;
    public const byte IntConfig1AsyncReset = 0x10;

    // INT_SOURCE0 (0x65)
    public const byte IntSource0FifoThresholdInt1 = 0x04;
    public const byte IntSource0DataReadyInt1 = 0x08;

    // FIFO_CONFIG (0x16) bits 7:6
    public const byte FifoModeBypass = 0x00;
    public const byte FifoModeStream = 0x40;

    // FIFO_CONFIG1 (0x5F)
    public const byte FifoAccel = 0x01;
    public const byte FifoGyro = 0x02;
    public const byte FifoTemperature = 0x04;
    public const byte FifoTimestampFsync = 0x08;
    public const byte FifoHighResolution = 0x10;
    public const byte FifoWatermarkGreaterThan = 0x20;

    // TMST_CONFIG (0x54)
    public const byte TmstEnable = 0x01;
    public const byte TmstFsyncEnable = 0x02;
    public const byte TmstDelta = 0x04;
    public const byte TmstResolution16Us = 0x08;

    // SIGNAL_PATH_RESET (0x4B)
    public const byte FifoFlush = 0x02;

    // PWR_MGMT0 (0x4E): gyro bits 3:2 and accel bits 1:0, 3 = low-noise
    public const byte PowerGyroAndAccelLowNoise = 0x0F;
    public const byte PowerGyroMask = 0x0C;

    // FSYNC_CONFIG (0x62): FSYNC_UI_SEL bits 6:4 = 1 (tag TEMP_OUT's LSB in register reads), polarity b0 = 0 (rising edge)
    public const byte FsyncTagTemperatureRisingEdge = 0x10;

    // INTF_CONFIG5 (bank 1, 0x7B): PIN9_FUNCTION bits 2:1
    public const byte Pin9FunctionMask = 0x06;
    public const byte Pin9Fsync = 0x02;

    // FIFO packet header (DS-000347 §6.1)
    public const byte HeaderMsg = 0x80;
    public const byte HeaderAccel = 0x40;
    public const byte HeaderGyro = 0x20;
    public const byte Header20Bit = 0x10;
    public const byte HeaderTimestamp = 0x08;
    public const byte HeaderFsync = 0x04;
}
