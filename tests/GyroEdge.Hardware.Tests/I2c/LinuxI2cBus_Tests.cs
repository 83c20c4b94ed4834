using GyroEdge.Hardware.I2c;
using GyroEdge.Hardware.Linux.I2c;
using GyroEdge.Hardware.Linux.Interop;
using GyroEdge.Native;

namespace GyroEdge.Hardware.Tests.I2c;

public sealed class LinuxI2cBus_Tests
{
    [Fact]
    public void Open_Of_A_Missing_Bus_Names_The_Path_And_The_Fix()
    {
        var error = Assert.Throws<DeviceIoException>(() => LinuxI2cBus.Open(250));

        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.Equal("/dev/i2c-250", error.DevicePath);
        Assert.StartsWith("open on /dev/i2c-250 failed:", error.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/i2c-250 does not exist: enable the bus", error.Message, StringComparison.Ordinal);
        Assert.Contains("modprobe i2c-dev", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_Of_A_Device_That_Is_Not_An_Adapter_Fails_At_I2C_FUNCS_With_ENOTTY()
    {
        var error = Assert.Throws<DeviceIoException>(() => LinuxI2cBus.Open("/dev/null"));

        Assert.Equal(Errno.ENOTTY, error.Errno);
        Assert.StartsWith("I2C_FUNCS on /dev/null failed:", error.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/null is not an I2C adapter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Combined_Transfer_On_A_Non_I2c_Fd_Is_Reported_As_Not_An_Adapter()
    {
        using var bus = OnDevNull(I2cAbi.I2C_FUNC_I2C);
        var read = new byte[6];

        var error = Assert.Throws<I2cTransferException>(() => bus.WriteRead(0x68, [0x43], read));

        Assert.Equal(I2cTransferMode.CombinedMessages, bus.TransferMode);
        Assert.Equal(Errno.ENOTTY, error.Errno);
        Assert.Equal(I2cFault.NotAnAdapter, error.Fault);
        Assert.Equal(0x68, error.Address);
        Assert.StartsWith("I2C_RDWR write-read of 0x68 (1 + 6 bytes) on /dev/null failed:", error.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/null is not an I2C adapter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_I2C_FUNC_I2C_It_Falls_Back_To_I2C_SLAVE_And_Says_So()
    {
        using var bus = OnDevNull(functionality: 0);
        var read = new byte[1];

        var error = Assert.Throws<I2cTransferException>(() => bus.WriteRead(0x68, [0x75], read));

        Assert.Equal(I2cTransferMode.SeparateWriteAndRead, bus.TransferMode);
        Assert.Contains("lacks I2C_FUNC_I2C", bus.Describe(), StringComparison.Ordinal);
        Assert.Equal(Errno.ENOTTY, error.Errno);
        Assert.Equal("I2C_SLAVE 0x68", error.Operation);
    }

    [Theory]
    [InlineData(0xD0, "7-bit")]
    [InlineData(0x80, "7-bit")]
    public void Rejects_An_Eight_Bit_Address_Before_Touching_The_Bus(ushort address, string expected)
    {
        using var bus = OnDevNull(I2cAbi.I2C_FUNC_I2C);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => bus.Write(address, [0x00]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_A_Message_Longer_Than_I2c_Dev_Accepts()
    {
        using var bus = OnDevNull(I2cAbi.I2C_FUNC_I2C);
        var read = new byte[8193];

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => bus.WriteRead(0x68, [0x30], read));

        Assert.Contains("at most 8192 bytes per message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_A_Transfer_With_Nothing_To_Move()
    {
        using var bus = OnDevNull(I2cAbi.I2C_FUNC_I2C);

        Assert.Throws<ArgumentException>(() => bus.WriteRead(0x68, [], []));
    }

    /// <summary>The binding on an fd that is not an adapter: every ioctl answers ENOTTY, as a wrong device node would.</summary>
    private static LinuxI2cBus OnDevNull(ulong functionality) =>
        new(SafeFileDescriptor.Open("/dev/null", LibC.O_RDWR | LibC.O_CLOEXEC), "/dev/null", functionality);
}
