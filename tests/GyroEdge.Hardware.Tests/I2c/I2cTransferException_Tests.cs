using GyroEdge.Hardware.I2c;
using GyroEdge.Hardware.Linux.I2c;
using GyroEdge.Native;

namespace GyroEdge.Hardware.Tests.I2c;

/// <summary>The errno-to-fault map for failures only a real bus produces (NACK, timeout, busy address).</summary>
public sealed class I2cTransferException_Tests
{
    [Theory]
    [InlineData(Errno.ENXIO)]
    [InlineData(Errno.EREMOTEIO)] // Tegra's i2c driver reports a NACK this way
    public void A_Nack_Is_Reported_As_No_Ack_With_The_Wiring_Check(int errno)
    {
        var error = new I2cTransferException("/dev/i2c-1", 0x68, "I2C_RDWR write-read of 0x68 (1 + 1 bytes)", errno);

        Assert.Equal(I2cFault.NoAcknowledge, error.Fault);
        Assert.Equal(errno, error.Errno);
        Assert.Contains("No ACK from address 0x68 on /dev/i2c-1 (is the IMU wired and powered? check `i2cdetect -y 1`)", error.Message, StringComparison.Ordinal);
        Assert.Contains(Errno.Describe(errno), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Busy_Address_Says_A_Kernel_Driver_Owns_It_And_How_To_Unbind_It()
    {
        var error = new I2cTransferException("/dev/i2c-7", 0x69, "I2C_SLAVE 0x69", Errno.EBUSY);

        Assert.Equal(I2cFault.AddressInUse, error.Fault);
        Assert.Contains("A kernel driver owns address 0x69 on /dev/i2c-7; unbind it", error.Message, StringComparison.Ordinal);
        Assert.Contains("/sys/bus/i2c/devices/7-0069/driver/unbind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Timeout_Is_Classified_Apart_From_A_Nack()
    {
        var error = new I2cTransferException("/dev/i2c-1", 0x68, "I2C_RDWR read from 0x68 (16 bytes)", Errno.ETIMEDOUT);

        Assert.Equal(I2cFault.Timeout, error.Fault);
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.Contains("pull-ups", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lost_Arbitration_Is_Its_Own_Fault()
    {
        Assert.Equal(I2cFault.ArbitrationLost, new I2cTransferException("/dev/i2c-1", 0x68, "op", Errno.EAGAIN).Fault);
    }

    [Fact]
    public void An_Emulated_Bus_Without_A_Number_Still_Gets_A_Usable_Hint()
    {
        var error = new I2cTransferException("emulated ICM-42688-P", 0x68, "write-read", Errno.ENXIO);

        Assert.Equal("emulated ICM-42688-P", error.DevicePath);
        Assert.Contains("`i2cdetect -y N`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Incomplete_Transfer_Carries_No_Errno()
    {
        var error = I2cTransferException.Incomplete("/dev/i2c-1", 0x68, "I2C read from 0x68", "read 3 of 6 bytes");

        Assert.Equal(0, error.Errno);
        Assert.Equal(I2cFault.Incomplete, error.Fault);
        Assert.Equal("I2C read from 0x68 on /dev/i2c-1 failed: read 3 of 6 bytes. Expected the whole transfer to 0x68 to complete; check the wiring and that the chip is not being reset.", error.Message);
    }

    [Fact]
    public void Permission_Denied_On_Open_Says_Which_Group_To_Join()
    {
        var error = I2cDevErrors.Open(Errno.EACCES, "/dev/i2c-1");

        Assert.Equal(Errno.EACCES, error.Errno);
        Assert.Contains("add the user to the i2c group", error.Message, StringComparison.Ordinal);
    }
}
