using GyroEdge.Hardware.I2c;
using GyroEdge.Hardware.Tests.Fakes;

namespace GyroEdge.Hardware.Tests.I2c;

/// <summary>The register-access patterns drivers use, on a bus that records what reaches it.</summary>
public sealed class I2cDevice_Tests
{
    [Fact]
    public void Reads_A_Register_As_One_Write_Read_Of_Its_Number()
    {
        var bus = new RecordingI2cBus();
        bus.Replies.Enqueue([0x47]);
        var device = new I2cDevice(bus, 0x68);

        var whoAmI = device.ReadRegister(0x75);

        Assert.Equal(0x47, whoAmI);
        var transfer = Assert.Single(bus.Transfers);
        Assert.Equal((ushort)0x68, transfer.Address);
        Assert.Equal([0x75], transfer.Written);
        Assert.Equal(1, transfer.ReadLength);
    }

    [Fact]
    public void Reads_Consecutive_Registers_In_One_Burst()
    {
        var bus = new RecordingI2cBus();
        bus.Replies.Enqueue([1, 2, 3, 4, 5, 6]);
        var device = new I2cDevice(bus, 0x68);
        var gyro = new byte[6];

        device.ReadRegisters(0x25, gyro);

        Assert.Equal([1, 2, 3, 4, 5, 6], gyro);
        Assert.Equal(6, Assert.Single(bus.Transfers).ReadLength);
    }

    [Fact]
    public void Writes_A_Register_As_Its_Number_Then_The_Value()
    {
        var bus = new RecordingI2cBus();

        new I2cDevice(bus, 0x69).WriteRegister(0x4E, 0x0F);

        var transfer = Assert.Single(bus.Transfers);
        Assert.Equal((ushort)0x69, transfer.Address);
        Assert.Equal([0x4E, 0x0F], transfer.Written);
        Assert.Equal(0, transfer.ReadLength);
    }

    [Fact]
    public void Refuses_An_Address_With_The_Read_Write_Bit_Included()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new I2cDevice(new RecordingI2cBus(), 0xD0));

        Assert.Contains("0x68, not 0xD0", error.Message, StringComparison.Ordinal);
    }
}
