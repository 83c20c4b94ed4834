using GyroEdge.Domain.Time;
using GyroEdge.Hardware.I2c;
using GyroEdge.Hardware.Imu;
using GyroEdge.Hardware.Imu.Emulation;
using GyroEdge.Hardware.Imu.Icm42688.Emulated;
using GyroEdge.Hardware.Imu.Mpu6050;
using static GyroEdge.Native.Errno;
using static GyroEdge.Hardware.Tests.Imu.ImuRig;

namespace GyroEdge.Hardware.Tests.Imu;

/// <summary>The MPU-6050/6500/9250 driver against its register-level emulator, with time under the test's control.</summary>
public sealed class Mpu6050Imu_Tests
{
    private const double LsbRadPerSecond = Math.PI / 180 / 16.4;

    [Fact]
    public void Start_Writes_The_Registers_The_Register_Map_Requires()
    {
        var rig = Mpu(options: (clock, _) => new Mpu6050Options { Clock = clock, GyroRange = Mpu6050GyroRange.Dps1000, OutputDataRateHz = 200 });

        rig.Imu.StartStreaming();

        var chip = rig.Chip;
        Assert.Equal(0x01, chip.PeekRegister(0x6B)); // PWR_MGMT_1: awake, PLL with the X gyro
        Assert.Equal(0x02, chip.PeekRegister(0x1A)); // CONFIG: DLPF 98 Hz, under half of 200 Hz
        Assert.Equal(0x04, chip.PeekRegister(0x19)); // SMPLRT_DIV: 1 kHz / (1 + 4) = 200 Hz
        Assert.Equal(0x10, chip.PeekRegister(0x1B)); // GYRO_CONFIG: FS_SEL 2 (±1000 dps) << 3
        Assert.Equal(0x70, chip.PeekRegister(0x23)); // FIFO_EN: gyro x, y, z
        Assert.Equal(0x40, chip.PeekRegister(0x6A)); // USER_CTRL: FIFO enabled
        Assert.Equal(0x10, chip.PeekRegister(0x38)); // INT_ENABLE: FIFO overflow only (no line wired)
        Assert.Empty(chip.TimingViolations);

        var writes = chip.Writes.ToList();
        Assert.Equal((0x6B, 0x80), (writes[0].Register, writes[0].Value)); // DEVICE_RESET first
        Assert.True(writes[1].TimestampNs - writes[0].TimestampNs >= 100_000_000, "100 ms after DEVICE_RESET before the next access");
        var fifoReset = writes.Single(w => w.Register == 0x6A && w.Value == 0x04);
        Assert.Equal(0x40, writes[writes.IndexOf(fifoReset) + 1].Value); // reset while FIFO_EN is 0, then enable
    }

    [Theory]
    [InlineData(8000, 0x00, 0)]
    [InlineData(2000, 0x00, 3)]
    [InlineData(1000, 0x01, 0)]
    [InlineData(500, 0x01, 1)]
    [InlineData(100, 0x03, 9)]
    public void Chooses_The_Filter_And_Divider_For_Each_Rate(int hz, byte config, byte divider)
    {
        var rig = Mpu(options: (clock, _) => new Mpu6050Options { Clock = clock, OutputDataRateHz = hz });
        rig.Imu.StartStreaming();

        rig.Run(500 * Ms, 5 * Ms);

        Assert.Equal((config, divider), (rig.Chip.PeekRegister(0x1A), rig.Chip.PeekRegister(0x19)));
        Assert.InRange(rig.Samples.Count, hz / 2 - hz / 100 - 1, hz / 2);
    }

    [Fact]
    public void Rejects_A_Rate_The_Sample_Divider_Cannot_Make()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Mpu(options: (c, _) => new Mpu6050Options { Clock = c, OutputDataRateHz = 300 }));

        Assert.Contains("Use 8000, 4000, 2000, 1000, 500, 250", e.Message, StringComparison.Ordinal);
        Assert.Equal("OutputDataRateHz", e.ParamName);
    }

    [Theory]
    [InlineData(Mpu6050Variant.Mpu6050, "MPU-6050", 1024)]
    [InlineData(Mpu6050Variant.Mpu6500, "MPU-6500", 512)]
    [InlineData(Mpu6050Variant.Mpu9250, "MPU-9250", 512)]
    public void Accepts_Each_Family_Member_And_Records_Which(Mpu6050Variant variant, string name, int fifoBytes)
    {
        var rig = Mpu(variant: variant);
        var imu = (Mpu6050Imu)rig.Imu;

        imu.StartStreaming();
        rig.Run(300 * Ms, 5 * Ms);

        Assert.Equal(variant, imu.Variant);
        Assert.Equal($"{name} at 0x68 on emulated {name}", imu.Description);
        Assert.Equal(fifoBytes, imu.FifoCapacityBytes);
        Assert.Equal(300, rig.Samples.Count);
    }

    [Fact]
    public void Constructor_Throws_When_WhoAmI_Is_Not_A_Family_Member()
    {
        var clock = new ManualMonotonicClock();
        var icm = new Icm42688Emulator(clock, new ConstantGyroTrace(0, 0, 0), busName: "/dev/i2c-7");

        var e = Assert.Throws<ImuIdentityException>(() => new Mpu6050Imu(new I2cDevice(icm, 0x68), new Mpu6050Options { Clock = clock }));

        Assert.StartsWith("Expected WHO_AM_I 0x68 (MPU-6050), 0x70 (MPU-6500) or 0x71 (MPU-9250) at 0x68 on /dev/i2c-7, found 0x47 (an ICM-42688-P?).", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Samples_Equal_The_Trace_Within_Half_An_Lsb_At_Their_True_Times()
    {
        var trace = new SinusoidGyroTrace(amplitude: 3.0, frequencyHz: 7.0);
        var rig = Mpu(trace, setUp: chip => chip.BusClockHz = 400_000);
        rig.Imu.StartStreaming();

        rig.RunReaderLoop(10_000 * Ms);

        Assert.Equal(rig.Truth.Count, rig.Samples.Count);
        Assert.True(rig.Samples.Count > 9_900);
        for (var i = 0; i < rig.Samples.Count; i++)
        {
            var truth = trace.At(rig.Truth[i].TimestampNs);
            Assert.InRange(rig.Samples[i].Wx - truth.X, -0.5 * LsbRadPerSecond - 1e-6, 0.5 * LsbRadPerSecond + 1e-6);
            Assert.InRange(rig.Samples[i].Wy - truth.Y, -0.5 * LsbRadPerSecond - 1e-6, 0.5 * LsbRadPerSecond + 1e-6);
            Assert.InRange(rig.Samples[i].Wz - truth.Z, -0.5 * LsbRadPerSecond - 1e-6, 0.5 * LsbRadPerSecond + 1e-6);
        }
        var settled = rig.Samples.Select((s, i) => Math.Abs(s.TimestampNs - rig.Truth[i].TimestampNs)).Skip(1000).Max();
        Assert.InRange(settled, 0, 50_000);
    }

    [Fact]
    public void Corrects_A_Sample_Clock_Running_200_Ppm_Fast()
    {
        // No timestamps in the FIFO: time is sample index × nominal period, so without the fit a
        // 200 ppm fast oscillator walks 6 ms away from the truth in 30 s.
        var rig = Mpu(setUp: chip => chip.ClockErrorPpm = 200);
        rig.Imu.StartStreaming();

        rig.Run(30_000 * Ms, 4_370_000);

        Assert.InRange(rig.Imu.Statistics.ClockDriftPpm, 190, 210);
        var lastTen = rig.Samples.Select((s, i) => Math.Abs(s.TimestampNs - rig.Truth[i].TimestampNs)).Skip(rig.Samples.Count - 10_000).Max();
        Assert.InRange(lastTen, 0, 50_000);
        Assert.InRange(rig.Samples.Count, 30_000 - 5, 30_006 + 5);
    }

    [Fact]
    public void Resets_A_Misaligned_Fifo_After_Overflow_And_Counts_The_Loss()
    {
        var rig = Mpu();
        rig.Imu.StartStreaming();
        rig.Run(1_000 * Ms, 4_370_000);
        var before = rig.Samples.Count;

        rig.Clock.Advance(300 * Ms); // 300 records of 6 bytes into 1024 bytes: the oldest bytes are overwritten
        rig.Run(1_000 * Ms, 4_370_000);

        var statistics = rig.Imu.Statistics;
        Assert.Equal(1, statistics.FifoOverflows);
        Assert.True(rig.Samples[before].Flags.HasFlag(ImuSampleFlags.AfterGap));
        // The sample clock kept running through the FIFO reset, so the loss is whole sample periods on
        // the grid: exact.
        var missing = rig.Truth[before].Sequence - rig.Truth[before - 1].Sequence - 1;
        Assert.Equal(missing, statistics.SamplesLost);
        Assert.InRange(Math.Abs(rig.Samples[before].TimestampNs - rig.Truth[before].TimestampNs), 0, 100_000);
    }

    [Fact]
    public void Recovers_After_The_Imu_Is_Unplugged_And_Plugged_Back()
    {
        var trace = new SinusoidGyroTrace(2.0, 5.0);
        var rig = Mpu(trace, (clock, _) => new Mpu6050Options { Clock = clock, MaxProbeInterval = TimeSpan.FromMilliseconds(100) });
        rig.Imu.StartStreaming();
        rig.Run(500 * Ms, 5 * Ms);
        var before = rig.Samples.Count;

        rig.Chip.Unplug();
        rig.Run(1_000 * Ms, 5 * Ms);
        Assert.Equal(ImuState.Unavailable, rig.Imu.State);
        rig.Chip.Replug();
        rig.Run(2_000 * Ms, 5 * Ms);

        Assert.Equal(ImuState.Streaming, rig.Imu.State);
        Assert.Equal(1, rig.Imu.Statistics.Recoveries);
        Assert.Equal(0x01, rig.Chip.PeekRegister(0x6B));
        Assert.True(rig.Samples[before].Flags.HasFlag(ImuSampleFlags.AfterGap));
        // Back within a probe interval (100 ms) plus the 100 ms reset and 60 ms start-up waits.
        Assert.InRange(rig.Samples.Count - before, 2_000 - 100 - 160 - 5, 2_000);
        for (var i = before; i < rig.Samples.Count; i++)
            Assert.InRange(rig.Samples[i].Wx - trace.At(rig.Truth[i].TimestampNs).X, -0.5 * LsbRadPerSecond - 1e-6, 0.5 * LsbRadPerSecond + 1e-6);
    }

    [Fact]
    public void Reconfigures_A_Chip_That_Woke_Up_Asleep_Without_A_Nack()
    {
        // A power glitch between reads: the MPU comes back asleep with the FIFO off, answering every
        // read with a count of 0. Only the stall watchdog notices.
        var rig = Mpu();
        rig.Imu.StartStreaming();
        rig.Run(500 * Ms, 5 * Ms);
        var before = rig.Samples.Count;

        rig.Chip.Unplug();
        rig.Chip.Replug();
        rig.Run(1_000 * Ms, 5 * Ms);

        Assert.Equal(1, rig.Imu.Statistics.Recoveries);
        Assert.Equal(0, rig.Imu.Statistics.BusErrors);
        Assert.True(rig.Samples[before].Flags.HasFlag(ImuSampleFlags.AfterGap));
        // Stalled for the 100 ms watchdog, then 160 ms of reset and start-up waits.
        Assert.InRange(rig.Samples.Count - before, 1_000 - 100 - 160 - 10, 1_000 - 100 - 160 + 10);
    }

    [Fact]
    public void Retries_A_Short_Nack_Burst_Without_Losing_Samples()
    {
        var rig = Mpu();
        rig.Imu.StartStreaming();
        rig.Run(500 * Ms, 5 * Ms);

        rig.Chip.FailNextTransfers(3, ENXIO);
        rig.Run(500 * Ms, 5 * Ms);

        var statistics = rig.Imu.Statistics;
        Assert.Equal((3, 3, 0, 0L), (statistics.BusErrors, statistics.Retries, statistics.Recoveries, statistics.SamplesLost));
        Assert.Equal(ImuState.Streaming, rig.Imu.State);
        Assert.Equal(1_000, rig.Samples.Count);
        Assert.Equal(1, rig.Samples.Count(s => s.Flags.HasFlag(ImuSampleFlags.AfterFault)));
    }

    [Fact]
    public void Anchors_Times_To_Data_Ready_Edges()
    {
        var rig = Mpu(options: (clock, chip) => new Mpu6050Options { Clock = clock, InterruptLine = chip.InterruptLine });
        rig.Imu.StartStreaming();

        rig.Run(5_000 * Ms, 5 * Ms);

        Assert.Equal(0x11, rig.Chip.PeekRegister(0x38)); // INT_ENABLE: data ready and FIFO overflow
        Assert.True(rig.Imu.Statistics.InterruptAnchors > 900);
        // Reads every 5 ms land at one phase, which brackets alone cannot see through; the edges do.
        var settled = rig.Samples.Select((s, i) => Math.Abs(s.TimestampNs - rig.Truth[i].TimestampNs)).Skip(1000).Max();
        Assert.InRange(settled, 0, 1_000);
    }

    [Fact]
    public void Reads_Samples_Without_Allocating_After_Warm_Up()
    {
        var rig = Mpu(options: (clock, chip) => new Mpu6050Options { Clock = clock, InterruptLine = chip.InterruptLine });
        rig.Imu.StartStreaming();
        var buffer = new ImuSample[256];
        for (var i = 0; i < 400; i++)
        {
            rig.Clock.Advance(5 * Ms);
            rig.Imu.ReadSamples(buffer);
        }

        var total = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 400; i++)
        {
            rig.Clock.Advance(5 * Ms);
            total += rig.Imu.ReadSamples(buffer);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2_000, total);
        Assert.Equal(0, allocated);
    }
}
