using GyroEdge.Domain.Time;
using GyroEdge.Hardware.I2c;
using GyroEdge.Hardware.Imu.Emulation;
using GyroEdge.Hardware.Imu.Mpu6050;
using GyroEdge.Hardware.Imu.Mpu6050.Emulated;
using static GyroEdge.Hardware.Tests.Imu.ImuRig;

namespace GyroEdge.Hardware.Tests.Imu;

/// <summary>The MPU emulator's register semantics, independent of the driver.</summary>
public sealed class Mpu6050Emulator_Tests
{
    private readonly ManualMonotonicClock _clock = new();

    [Fact]
    public void Powers_Up_Asleep_With_Its_Variant_In_WhoAmI()
    {
        var device = Device(Mpu6050Variant.Mpu6500);

        Assert.Equal(0x40, device.ReadRegister(0x6B));
        Assert.Equal(0x70, device.ReadRegister(0x75));
    }

    [Fact]
    public void Samples_At_8_kHz_With_The_Filter_Off_And_1_kHz_With_It_On()
    {
        var device = Device();
        Stream(device, config: 0x00);
        _clock.Advance(10 * Ms);
        var fast = Count(device);

        device.WriteRegister(0x6A, 0x04); // FIFO_RESET with FIFO_EN 0
        device.WriteRegister(0x1A, 0x01); // DLPF on
        device.WriteRegister(0x6A, 0x40);
        _clock.Advance(10 * Ms);
        var slow = Count(device);

        Assert.Equal(80 * 6, fast);
        Assert.Equal(10 * 6, slow);
    }

    [Fact]
    public void Overflow_Overwrites_The_Oldest_Bytes_So_The_Head_Is_Mid_Record()
    {
        var chip = new Mpu6050Emulator(_clock, new ConstantGyroTrace(0, 0, 0));
        var device = new I2cDevice(chip, 0x68);
        Stream(device, config: 0x01);

        _clock.Advance(171 * Ms); // 171 records of 6 bytes: 1026 bytes into 1024

        Assert.Equal(1024, Count(device));
        Assert.NotEqual(0, 1024 % 6);
        Assert.Equal(0x10, device.ReadRegister(0x3A) & 0x10); // INT_STATUS.FIFO_OFLOW_INT
        Assert.Equal(1, chip.SamplesLostToOverflow);
    }

    [Fact]
    public void The_6050_Ignores_Fifo_Reset_While_The_Fifo_Is_Enabled()
    {
        var chip = new Mpu6050Emulator(_clock, new ConstantGyroTrace(0, 0, 0));
        var device = new I2cDevice(chip, 0x68);
        Stream(device, config: 0x01);
        _clock.Advance(5 * Ms);

        device.WriteRegister(0x6A, 0x44);

        Assert.Equal(30, Count(device));
        Assert.Contains(chip.TimingViolations, v => v.Contains("FIFO_RESET written with FIFO_EN set", StringComparison.Ordinal));
    }

    private I2cDevice Device(Mpu6050Variant variant = Mpu6050Variant.Mpu6050) =>
        new(new Mpu6050Emulator(_clock, new ConstantGyroTrace(0, 0, 0), variant), 0x68);

    private static void Stream(I2cDevice device, byte config)
    {
        device.WriteRegister(0x6B, 0x01);
        device.WriteRegister(0x1A, config);
        device.WriteRegister(0x23, 0x70);
        device.WriteRegister(0x6A, 0x40);
    }

    private static int Count(I2cDevice device)
    {
        var count = new byte[2];
        device.ReadRegisters(0x72, count);
        return count[0] << 8 | count[1];
    }
}
