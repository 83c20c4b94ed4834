using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.I2c;
using GyroEdge.Hardware.Imu.Emulation;
using GyroEdge.Hardware.Imu.Icm42688.Emulated;
using static GyroEdge.Hardware.Tests.Imu.ImuRig;

namespace GyroEdge.Hardware.Tests.Imu;

/// <summary>The emulator's register semantics, checked byte by byte against DS-000347, independent of the driver.</summary>
public sealed class Icm42688Emulator_Tests
{
    private readonly ManualMonotonicClock _clock = new();
    private readonly Icm42688Emulator _chip;
    private readonly I2cDevice _device;

    public Icm42688Emulator_Tests()
    {
        _chip = new Icm42688Emulator(_clock, new ConstantGyroTrace(1.0, -0.5, 0.25));
        _device = new I2cDevice(_chip, 0x68);
    }

    [Fact]
    public void Burst_Reads_Walk_Through_Consecutive_Registers()
    {
        var values = new byte[3];

        _device.ReadRegisters(0x4E, values); // PWR_MGMT0, GYRO_CONFIG0, ACCEL_CONFIG0

        Assert.Equal([0x00, 0x06, 0x06], values);
        Assert.Equal(0x47, _device.ReadRegister(0x75));
    }

    [Fact]
    public void The_First_Fifo_Count_After_Reset_Reads_Zero()
    {
        StartStreaming();
        _clock.Advance(5 * Ms);
        var count = new byte[2];

        _device.ReadRegisters(0x2E, count);
        var first = count[0] << 8 | count[1];
        _device.ReadRegisters(0x2E, count);
        var second = count[0] << 8 | count[1];

        Assert.Equal(0, first);
        Assert.Equal(5 * 16, second);
    }

    [Fact]
    public void Fifo_Data_Pops_Whole_Packets_Without_Moving_The_Pointer()
    {
        StartStreaming();
        _clock.Advance(3 * Ms);
        var fifo = new byte[48];

        _device.ReadRegisters(0x30, fifo);

        Assert.Equal([0x68, 0x68, 0x68], new[] { fifo[0], fifo[16], fifo[32] }); // accel + gyro + timestamp headers
        // Gyro x at bytes 7-8, big-endian: 1 rad/s at 16.4 LSB/dps is 939.6, rounded to 940.
        Assert.Equal(940, (short)(fifo[7] << 8 | fifo[8]));
        Assert.Equal(-470, (short)(fifo[9] << 8 | fifo[10]));
        // Timestamps one period apart in 32/30 µs ticks: 937 or 938.
        var first = fifo[14] << 8 | fifo[15];
        var second = fifo[30] << 8 | fifo[31];
        Assert.InRange((ushort)(second - first), 937, 938);
        Assert.Equal(0, _chip.FifoLevelBytes);
    }

    [Fact]
    public void A_Packet_Read_In_Part_Is_Read_Again_Whole()
    {
        StartStreaming();
        _clock.Advance(1 * Ms);
        var part = new byte[10];
        var whole = new byte[16];

        _device.ReadRegisters(0x30, part);
        _device.ReadRegisters(0x30, whole);

        Assert.Equal(part, whole[..10]);
        Assert.Equal(0, _chip.FifoLevelBytes);
    }

    [Fact]
    public void Nacks_Until_The_Soft_Reset_Has_Had_Its_Millisecond()
    {
        _device.WriteRegister(0x11, 0x01);

        _clock.Advance(999_000);
        var early = Assert.Throws<I2cTransferException>(() => _device.ReadRegister(0x75));
        _clock.Advance(1_000);
        var whoAmI = _device.ReadRegister(0x75);

        Assert.Equal(I2cFault.NoAcknowledge, early.Fault);
        Assert.Equal(0x47, whoAmI);
        Assert.Single(_chip.TimingViolations);
    }

    [Fact]
    public void Stream_Mode_Keeps_The_Newest_Packets_And_Sets_Fifo_Full()
    {
        StartStreaming();

        _clock.Advance(200 * Ms);

        Assert.Equal(2048, _chip.FifoLevelBytes);
        Assert.Equal(200 - 128, _chip.SamplesLostToOverflow);
        Assert.Equal(0x02, _device.ReadRegister(0x2D) & 0x02); // INT_STATUS.FIFO_FULL
        Assert.Equal(0x00, _device.ReadRegister(0x2D) & 0x02); // cleared by the read
    }

    [Fact]
    public void An_Unplugged_Chip_Nacks_And_Returns_At_Reset_Values()
    {
        StartStreaming();
        _chip.Unplug();

        var e = Assert.Throws<I2cTransferException>(() => _device.ReadRegister(0x75));
        _chip.Replug();

        Assert.Equal(GyroEdge.Native.Errno.EREMOTEIO, e.Errno);
        Assert.Equal(0x00, _device.ReadRegister(0x4E)); // PWR_MGMT0 back to off
        Assert.Equal(0x10, _device.ReadRegister(0x2D) & 0x10); // RESET_DONE
    }

    [Fact]
    public void The_Watermark_Edge_Carries_The_Instant_Of_The_Sample_That_Reached_It()
    {
        _device.WriteRegister(0x64, 0x00); // INT_CONFIG1: INT_ASYNC_RESET cleared
        _device.WriteRegister(0x14, 0x03); // INT1 active high
        _device.WriteRegister(0x60, 4 * 16); // watermark: 4 packets
        _device.WriteRegister(0x65, 0x04); // FIFO threshold on INT1
        StartStreaming();
        var gyroOn = _chip.Writes[^1].TimestampNs; // the sample clock starts with PWR_MGMT0
        var events = new GpioLineEvent[4];

        var count = _chip.InterruptLine.ReadEvents(events, TimeSpan.FromMilliseconds(10));

        Assert.Equal(1, count);
        Assert.Equal(GpioEdge.Rising, events[0].Edge);
        Assert.Equal(gyroOn + 4 * Ms, events[0].TimestampNs);
        Assert.Equal(gyroOn + 4 * Ms, _clock.NowNs); // waiting moved the manual clock to the edge
    }

    [Fact]
    public void Interrupts_Stay_Off_The_Pin_While_Int_Async_Reset_Is_Set()
    {
        _device.WriteRegister(0x60, 16);
        _device.WriteRegister(0x65, 0x04); // INT_CONFIG1 left at its reset value 0x10
        StartStreaming();

        var count = _chip.InterruptLine.ReadEvents(new GpioLineEvent[4], TimeSpan.FromMilliseconds(10));

        Assert.Equal(0, count);
        Assert.Equal(0, _chip.InterruptLine.EdgesRaised);
    }

    private void StartStreaming()
    {
        _device.WriteRegister(0x5F, 0x03); // FIFO_CONFIG1: accel + gyro
        _device.WriteRegister(0x16, 0x40); // FIFO_CONFIG: stream
        _device.WriteRegister(0x4E, 0x0F); // PWR_MGMT0: gyro and accel low-noise
        _clock.Advance(200_000);
    }
}
