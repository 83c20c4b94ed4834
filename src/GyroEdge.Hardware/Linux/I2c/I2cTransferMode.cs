namespace GyroEdge.Hardware.Linux.I2c;

/// <summary>How <see cref="LinuxI2cBus"/> turns a write-read into bus traffic; decided from I2C_FUNCS at open.</summary>
public enum I2cTransferMode
{
    /// <summary>One I2C_RDWR ioctl: write, repeated START, read, one STOP. The adapter has I2C_FUNC_I2C.</summary>
    CombinedMessages,

    /// <summary>
    /// The adapter lacks I2C_FUNC_I2C (an SMBus-only controller): I2C_SLAVE, then write() and
    /// read() as two transactions with a STOP between them. Most IMUs accept this; chips that
    /// reset their register pointer on STOP do not.
    /// </summary>
    SeparateWriteAndRead,
}
