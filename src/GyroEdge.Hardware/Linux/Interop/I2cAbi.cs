using System.Runtime.InteropServices;

namespace GyroEdge.Hardware.Linux.Interop;

/// <summary>
/// include/uapi/linux/i2c-dev.h and i2c.h. The i2c-dev requests predate _IOC and are plain
/// numbers in the header, so they are written as such (the layout test still compares them).
/// </summary>
internal static class I2cAbi
{
    /// <summary>Set the target address for read()/write(); EBUSY when a kernel driver owns it.</summary>
    public const uint I2C_SLAVE = 0x0703;

    /// <summary>Argument: unsigned long * (8 bytes on LP64) receiving the I2C_FUNC_* mask.</summary>
    public const uint I2C_FUNCS = 0x0705;

    /// <summary>Argument: struct i2c_rdwr_ioctl_data *; messages joined by repeated START, one STOP.</summary>
    public const uint I2C_RDWR = 0x0707;

    /// <summary>drivers/i2c/i2c-dev.c refuses more messages per I2C_RDWR with EINVAL.</summary>
    public const int I2C_RDWR_IOCTL_MAX_MSGS = 42;

    /// <summary>drivers/i2c/i2c-dev.c refuses longer messages with EINVAL.</summary>
    public const int MaxMessageLength = 8192;

    /// <summary>i2c_msg.flags: read from the target. "Guaranteed to be 0x0001" says the header.</summary>
    public const ushort I2C_M_RD = 0x0001;

    /// <summary>The adapter does plain I2C (and so I2C_RDWR); SMBus-only adapters lack it.</summary>
    public const ulong I2C_FUNC_I2C = 0x00000001;
}

// Type and field names are the C names: the layout test finds each fact the headers print by name.

/// <summary>struct i2c_msg: 16 bytes on LP64 (2 bytes of padding before buf).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct i2c_msg
{
    public ushort addr;  // __u16
    public ushort flags; // __u16
    public ushort len;   // __u16
    public byte* buf;    // __u8 *
}

/// <summary>struct i2c_rdwr_ioctl_data: 16 bytes on LP64.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct i2c_rdwr_ioctl_data
{
    public i2c_msg* msgs; // struct i2c_msg *
    public uint nmsgs;    // __u32
}
