using GyroEdge.Domain.Time;
using GyroEdge.Hardware.I2c;
using GyroEdge.Hardware.Imu;
using GyroEdge.Hardware.Imu.Emulation;
using GyroEdge.Hardware.Imu.Icm42688;
using GyroEdge.Hardware.Imu.Icm42688.Emulated;
using GyroEdge.Hardware.Imu.Mpu6050;
using GyroEdge.Hardware.Imu.Mpu6050.Emulated;
using static GyroEdge.Native.Errno;
using static GyroEdge.Hardware.Tests.Imu.ImuRig;

namespace GyroEdge.Hardware.Tests.Imu;

/// <summary>The ICM-42688-P driver against its register-level emulator, with time under the test's control.</summary>
public sealed class Icm42688Imu_Tests
{
    // One LSB at ±2000 dps (16.4 LSB/dps) in rad/s; rounding puts a sample within half of it.
    private const double LsbRadPerSecond = Math.PI / 180 / 16.4;

    [Fact]
    public void Start_Writes_The_Registers_The_Datasheet_Requires()
    {
        var rig = Icm(options: (clock, _) => new Icm42688Options
        {
            Clock = clock,
            GyroRange = Icm42688GyroRange.Dps500,
            OutputDataRate = Icm42688OutputDataRate.Hz2000,
            BatchPeriod = TimeSpan.FromMilliseconds(4),
        });

        rig.Imu.StartStreaming();

        var chip = rig.Chip;
        Assert.Equal(0x0F, chip.PeekRegister(0x4E));          // PWR_MGMT0: gyro and accel low-noise
        Assert.Equal(0x45, chip.PeekRegister(0x4F));          // GYRO_CONFIG0: FS_SEL 2 (±500 dps) << 5 | ODR 5 (2 kHz)
        Assert.Equal(0x40, chip.PeekRegister(0x16));          // FIFO_CONFIG: stream mode
        Assert.Equal(0x0F, chip.PeekRegister(0x5F));          // FIFO_CONFIG1: accel, gyro, temperature, TMST_FSYNC
        Assert.Equal(0x03, chip.PeekRegister(0x54) & 0x0F);   // TMST_CONFIG: timestamps on, FSYNC time on, absolute, 1 µs
        Assert.Equal(0, chip.PeekRegister(0x64) & 0x10);      // INT_CONFIG1: INT_ASYNC_RESET cleared
        Assert.Equal(0x03, chip.PeekRegister(0x14));          // INT_CONFIG: INT1 pulsed, push-pull, active high
        Assert.Equal(0x02, chip.PeekRegister(0x7B, bank: 1) & 0x06); // INTF_CONFIG5: pin 9 is FSYNC
        Assert.Equal(8 * 16, chip.PeekRegister(0x60) | (chip.PeekRegister(0x61) << 8)); // watermark: 4 ms at 2 kHz, in bytes
        Assert.Equal(0x00, chip.PeekRegister(0x76));          // back in bank 0
        Assert.Empty(chip.TimingViolations);

        var writes = chip.Writes;
        var reset = writes[0];
        Assert.Equal((0x11, 0x01), (reset.Register, reset.Value)); // DEVICE_CONFIG soft reset first
        Assert.True(writes[1].TimestampNs - reset.TimestampNs >= 1_000_000, "the next access must wait the 1 ms reset time");
        var power = writes.Single(w => w.Register == 0x4E && w.Value == 0x0F);
        var stream = writes.Single(w => w.Register == 0x16 && w.Value == 0x40);
        Assert.True(stream.TimestampNs - power.TimestampNs >= 60_000_000, "the FIFO starts only after the 60 ms gyro start-up");
    }

    [Fact]
    public void Constructor_Throws_When_WhoAmI_Is_Not_0x47_Naming_What_Answered()
    {
        var clock = new ManualMonotonicClock();
        var mpu9250 = new Mpu6050Emulator(clock, new ConstantGyroTrace(0, 0, 0), Mpu6050Variant.Mpu9250, busName: "/dev/i2c-1");

        var e = Assert.Throws<ImuIdentityException>(() => new Icm42688Imu(new I2cDevice(mpu9250, 0x68), new Icm42688Options { Clock = clock }));

        Assert.StartsWith("Expected WHO_AM_I 0x47 (ICM-42688-P) at 0x68 on /dev/i2c-1, found 0x71 (an MPU-9250?).", e.Message, StringComparison.Ordinal);
        Assert.Contains("address strap", e.Message, StringComparison.Ordinal);
        Assert.Equal((0x47, 0x71), (e.Expected, e.Found));
    }

    [Fact]
    public void Constructor_Names_The_Bus_The_Address_And_I2cdetect_When_Nothing_Answers()
    {
        var clock = new ManualMonotonicClock();
        var chipAt0x69 = new Icm42688Emulator(clock, new ConstantGyroTrace(0, 0, 0), address: 0x69, busName: "/dev/i2c-7");

        var e = Assert.Throws<ImuStartException>(() => new Icm42688Imu(new I2cDevice(chipAt0x69, 0x68), new Icm42688Options { Clock = clock }));

        Assert.StartsWith("Could not start the ICM-42688-P at 0x68 on /dev/i2c-7 (reading WHO_AM_I):", e.Message, StringComparison.Ordinal);
        Assert.Contains("EREMOTEIO", e.Message, StringComparison.Ordinal);
        Assert.Contains("i2cdetect -y 7", e.Message, StringComparison.Ordinal);
        Assert.Equal(I2cFault.NoAcknowledge, Assert.IsType<I2cTransferException>(e.InnerException).Fault);
    }

    [Fact]
    public void Constructor_Explains_How_To_Unbind_A_Kernel_Driver_That_Owns_The_Address()
    {
        var clock = new ManualMonotonicClock();
        var chip = new Icm42688Emulator(clock, new ConstantGyroTrace(0, 0, 0), busName: "/dev/i2c-1");
        chip.FailNextTransfers(1, EBUSY);

        var e = Assert.Throws<ImuStartException>(() => new Icm42688Imu(new I2cDevice(chip, 0x68), new Icm42688Options { Clock = clock }));

        Assert.Contains("EBUSY", e.Message, StringComparison.Ordinal);
        Assert.Contains("A kernel driver owns address 0x68 on /dev/i2c-1", e.Message, StringComparison.Ordinal);
        Assert.Contains("/sys/bus/i2c/devices/1-0068/driver/unbind", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Samples_Equal_The_Trace_Within_Half_An_Lsb_At_Their_True_Times()
    {
        var trace = new SinusoidGyroTrace(amplitude: 3.0, frequencyHz: 7.0);
        var rig = Icm(trace, setUp: chip => chip.BusClockHz = 400_000);
        rig.Imu.StartStreaming();

        rig.RunReaderLoop(10_000 * Ms);

        Assert.Equal(rig.Truth.Count, rig.Samples.Count);
        Assert.True(rig.Samples.Count > 9_900);
        for (var i = 0; i < rig.Samples.Count; i++)
        {
            var sample = rig.Samples[i];
            var truth = trace.At(rig.Truth[i].TimestampNs);
            Assert.InRange(sample.Wx - truth.X, -0.5 * LsbRadPerSecond - 1e-6, 0.5 * LsbRadPerSecond + 1e-6);
            Assert.InRange(sample.Wy - truth.Y, -0.5 * LsbRadPerSecond - 1e-6, 0.5 * LsbRadPerSecond + 1e-6);
            Assert.InRange(sample.Wz - truth.Z, -0.5 * LsbRadPerSecond - 1e-6, 0.5 * LsbRadPerSecond + 1e-6);
        }
        // Polling at 5 ms with each read taking its I2C time: once the first second of windows is in,
        // every timestamp is within 50 µs (a twentieth of a period) of the instant the chip sampled.
        var settled = rig.Samples.Select((s, i) => s.TimestampNs - rig.Truth[i].TimestampNs).Skip(1000).ToArray();
        Assert.InRange(settled.Max(e => Math.Abs(e)), 0, 50_000);
    }

    [Fact]
    public void Unwraps_The_16_Bit_Timestamp_Across_Hundreds_Of_Wraps()
    {
        // 32/30 µs ticks wrap every 69.9 ms: 30 s is 429 wraps. Reading every 50 ms, and once after
        // a 100 ms stall, so reads also span a whole wrap.
        var rig = Icm(new ConstantGyroTrace(0.1, 0.2, 0.3));
        rig.Imu.StartStreaming();

        rig.Run(15_000 * Ms, 50 * Ms);
        rig.Run(100 * Ms, 100 * Ms);
        rig.Run(15_000 * Ms, 50 * Ms);

        Assert.Equal(rig.Truth.Count, rig.Samples.Count);
        Assert.Equal(30_100, rig.Samples.Count);
        for (var i = 1; i < rig.Samples.Count; i++)
        {
            var interval = rig.Samples[i].TimestampNs - rig.Samples[i - 1].TimestampNs;
            Assert.InRange(interval, 1_000_000 - 20_000, 1_000_000 + 20_000);
        }
        Assert.InRange(Math.Abs(rig.Samples[^1].TimestampNs - rig.Truth[^1].TimestampNs), 0, 600_000);
        Assert.Equal(0, rig.Imu.Statistics.SamplesLost);
    }

    [Fact]
    public void Uses_16_Microsecond_Timestamps_Below_50_Hz_And_Still_Unwraps()
    {
        var rig = Icm(new ConstantGyroTrace(0, 0, 0), (clock, _) => new Icm42688Options
        {
            Clock = clock,
            OutputDataRate = Icm42688OutputDataRate.Hz25,
            BatchPeriod = TimeSpan.FromMilliseconds(200),
        });
        rig.Imu.StartStreaming();

        rig.Run(20_000 * Ms, 200 * Ms);

        Assert.Equal(0x08, rig.Chip.PeekRegister(0x54) & 0x08); // TMST_RES: 16 µs
        Assert.Equal(500, rig.Samples.Count);
        for (var i = 1; i < rig.Samples.Count; i++)
            Assert.InRange(rig.Samples[i].TimestampNs - rig.Samples[i - 1].TimestampNs, 40_000_000 - 50_000, 40_000_000 + 50_000);
    }

    [Fact]
    public void Fsync_Flag_Lands_On_The_First_Sample_After_Each_Strobe()
    {
        var rig = Icm();
        var strobes = new List<long>();
        for (var k = 1; k <= 30; k++)
        {
            // 30 fps frames with an odd phase, so strobes fall at every position within a sample period.
            strobes.Add(rig.Clock.NowNs + 100 * Ms + k * 33_333_333 + k * 37_000);
            rig.Chip.AddFsyncStrobe(strobes[^1]);
        }
        rig.Imu.StartStreaming();

        rig.RunReaderLoop(1_200 * Ms);

        var tagged = rig.Samples.Select((s, i) => (Sample: s, Truth: rig.Truth[i]))
            .Where(p => p.Sample.Flags.HasFlag(ImuSampleFlags.FsyncTagged)).ToList();
        Assert.Equal(strobes.Count, tagged.Count);
        for (var k = 0; k < strobes.Count; k++)
        {
            var truth = tagged[k].Truth;
            Assert.InRange(truth.TimestampNs - strobes[k], 1, 1_000_000); // the first sample after the strobe
            // The delay field is in 32/30 µs ticks: the strobe instant is recovered to one tick.
            Assert.InRange(tagged[k].Sample.FsyncDelayNs - (truth.TimestampNs - strobes[k]), -1_067, 0);
        }
    }

    [Fact]
    public void Ignores_The_Spurious_Fsync_Tag_On_The_First_Packet_After_Enable()
    {
        var rig = Icm();
        rig.Imu.StartStreaming();

        rig.Run(100 * Ms, 5 * Ms);

        Assert.True(rig.Truth[0].FsyncTagged, "the emulated chip tags its first packet, as the real one may");
        Assert.False(rig.Samples[0].Flags.HasFlag(ImuSampleFlags.FsyncTagged));
        Assert.DoesNotContain(rig.Samples, s => s.Flags.HasFlag(ImuSampleFlags.FsyncTagged));
    }

    [Fact]
    public void Counts_A_Fifo_Overflow_Flushes_And_Flags_The_Next_Sample()
    {
        var rig = Icm();
        rig.Imu.StartStreaming();
        rig.Run(1_000 * Ms, 5 * Ms);
        var before = rig.Samples.Count;

        rig.Clock.Advance(300 * Ms); // 300 samples into a FIFO that holds 128 packets
        rig.Run(1_000 * Ms, 5 * Ms);

        var statistics = rig.Imu.Statistics;
        Assert.Equal(1, statistics.FifoOverflows);
        var first = rig.Samples[before];
        Assert.True(first.Flags.HasFlag(ImuSampleFlags.AfterGap));
        Assert.Equal(1, rig.Samples.Count(s => s.Flags.HasFlag(ImuSampleFlags.AfterGap)));
        // Lost = samples the chip produced between the last delivered one and the first after the flush.
        var missing = rig.Truth[before].Sequence - rig.Truth[before - 1].Sequence - 1;
        Assert.Equal(missing, statistics.SamplesLost);
        Assert.InRange(Math.Abs(first.TimestampNs - rig.Truth[before].TimestampNs), 0, 600_000);
    }

    [Fact]
    public void Retries_A_Short_Nack_Burst_Without_Losing_Or_Shifting_Samples()
    {
        var trace = new SinusoidGyroTrace(2.0, 5.0);
        var rig = Icm(trace);
        rig.Imu.StartStreaming();
        rig.Run(500 * Ms, 5 * Ms);
        var before = rig.Samples.Count;

        rig.Chip.FailNextTransfers(2, EREMOTEIO);
        rig.Run(500 * Ms, 5 * Ms);

        var statistics = rig.Imu.Statistics;
        Assert.Equal(ImuState.Streaming, rig.Imu.State);
        Assert.Equal((2, 2, 0, 0L), (statistics.BusErrors, statistics.Retries, statistics.Recoveries, statistics.SamplesLost));
        Assert.True(rig.Samples[before].Flags.HasFlag(ImuSampleFlags.AfterFault));
        Assert.False(rig.Samples[before].Flags.HasFlag(ImuSampleFlags.AfterGap));
        Assert.Equal(rig.Truth.Count, rig.Samples.Count);
        Assert.Equal(rig.Truth[before - 1].Sequence + 1, rig.Truth[before].Sequence);
        Assert.IsType<I2cTransferException>(rig.Imu.LastFault);
    }

    [Fact]
    public void Reports_Unavailable_After_A_Long_Nack_Burst_Then_Recovers_In_Place()
    {
        var trace = new SinusoidGyroTrace(2.0, 5.0);
        var rig = Icm(trace);
        rig.Imu.StartStreaming();
        rig.Run(500 * Ms, 5 * Ms);
        var before = rig.Samples.Count;

        // Four tries of the read cycle (the first and three retries), then probes after 50, 100 and
        // 200 ms fail too; the probe after 400 ms finds the chip answering again.
        rig.Chip.FailNextTransfers(7, EREMOTEIO);
        rig.Run(20 * Ms, 5 * Ms);
        Assert.Equal(ImuState.Unavailable, rig.Imu.State);
        rig.Run(3_000 * Ms, 4_370_000);

        var statistics = rig.Imu.Statistics;
        Assert.Equal(ImuState.Streaming, rig.Imu.State);
        Assert.Equal(1, statistics.Recoveries);
        Assert.Equal((7, 3), (statistics.BusErrors, statistics.Retries));
        var first = rig.Samples[before];
        Assert.True(first.Flags.HasFlag(ImuSampleFlags.AfterGap));
        AssertMatchesTrace(rig, trace, from: before);
        // Lost is estimated from host time across the re-initialisation, which also counts the couple of
        // milliseconds the gyro was off during the soft reset: within 3 samples of the truth.
        var missing = rig.Truth[before].Sequence - rig.Truth[before - 1].Sequence - 1;
        Assert.InRange(statistics.SamplesLost, missing - 3, missing + 3);
        // Times re-converge after the chip's clock restarted: within 50 µs after the first second
        // (reads every 4.37 ms, so they land at every phase of the 1 ms sample clock).
        var settled = Enumerable.Range(before + 1000, rig.Samples.Count - before - 1000)
            .Max(i => Math.Abs(rig.Samples[i].TimestampNs - rig.Truth[i].TimestampNs));
        Assert.InRange(settled, 0, 50_000);
    }

    [Fact]
    public void Recovers_After_The_Imu_Is_Unplugged_And_Plugged_Back()
    {
        var trace = new SinusoidGyroTrace(2.0, 5.0);
        var rig = Icm(trace, (clock, _) => new Icm42688Options { Clock = clock, MaxProbeInterval = TimeSpan.FromMilliseconds(100) });
        rig.Imu.StartStreaming();
        rig.Run(500 * Ms, 5 * Ms);
        var before = rig.Samples.Count;

        rig.Chip.Unplug();
        rig.Run(1_000 * Ms, 5 * Ms);
        Assert.Equal(ImuState.Unavailable, rig.Imu.State);
        Assert.Equal(before, rig.Samples.Count);
        rig.Chip.Replug();
        rig.Run(2_000 * Ms, 5 * Ms);

        Assert.Equal(ImuState.Streaming, rig.Imu.State);
        Assert.Equal(1, rig.Imu.Statistics.Recoveries);
        Assert.Equal(0x0F, rig.Chip.PeekRegister(0x4E)); // configured again after the power cycle
        Assert.True(rig.Samples[before].Flags.HasFlag(ImuSampleFlags.AfterGap));
        // Back within one probe interval (100 ms) plus the 60 ms start-up.
        Assert.InRange(rig.Samples.Count - before, 2_000 - 100 - 60 - 5, 2_000);
        AssertMatchesTrace(rig, trace, from: before);
    }

    [Fact]
    public void Reconfigures_A_Chip_That_Reset_Without_A_Nack()
    {
        var rig = Icm();
        rig.Imu.StartStreaming();
        rig.Run(500 * Ms, 5 * Ms);
        var before = rig.Samples.Count;

        // A brown-out between two reads: the chip comes back at reset values with RESET_DONE set.
        rig.Chip.Unplug();
        rig.Chip.Replug();
        rig.Run(1_000 * Ms, 5 * Ms);

        Assert.Equal(1, rig.Imu.Statistics.Recoveries);
        Assert.Equal(0, rig.Imu.Statistics.BusErrors);
        Assert.True(rig.Samples[before].Flags.HasFlag(ImuSampleFlags.AfterGap));
        Assert.InRange(rig.Samples.Count - before, 850, 1_000);
    }

    [Fact]
    public void Flushes_After_A_Timeout_Mid_Burst_And_Flags_The_Gap()
    {
        var rig = Icm();
        rig.Imu.StartStreaming();
        rig.Run(500 * Ms, 5 * Ms);
        var before = rig.Samples.Count;

        // The next cycle's status read succeeds; its FIFO burst hangs after half the bytes moved.
        rig.Chip.FailNextTransfers(1, ETIMEDOUT, skip: 1);
        rig.Run(500 * Ms, 5 * Ms);

        var statistics = rig.Imu.Statistics;
        Assert.Equal((1, 1), (statistics.BusErrors, statistics.Retries));
        Assert.True(rig.Samples[before].Flags.HasFlag(ImuSampleFlags.AfterGap | ImuSampleFlags.AfterFault));
        var missing = rig.Truth[before].Sequence - rig.Truth[before - 1].Sequence - 1;
        Assert.True(missing > 0);
        Assert.Equal(missing, statistics.SamplesLost);
    }

    [Fact]
    public void Flags_Samples_Beyond_The_Range_As_Saturated()
    {
        // 45 rad/s is 2578 dps, past ±2000 dps.
        var rig = Icm(new SinusoidGyroTrace(45, 2.0));
        rig.Imu.StartStreaming();

        rig.Run(500 * Ms, 5 * Ms);

        var full = 32767 / 16.4 * Math.PI / 180;
        var saturated = rig.Samples.Where(s => s.Flags.HasFlag(ImuSampleFlags.Saturated)).ToList();
        Assert.NotEmpty(saturated);
        Assert.All(saturated, s => Assert.True(Math.Max(Math.Abs(s.Wx), Math.Max(Math.Abs(s.Wy), Math.Abs(s.Wz))) >= full - 1e-4));
        Assert.All(rig.Samples.Where(s => !s.Flags.HasFlag(ImuSampleFlags.Saturated)),
            s => Assert.True(Math.Max(Math.Abs(s.Wx), Math.Max(Math.Abs(s.Wy), Math.Abs(s.Wz))) < full));
        Assert.Equal(34.9, rig.Imu.FullScaleRadPerSecond, 1);
    }

    [Fact]
    public void Flags_A_Stuck_Sensor_Once_Its_Reading_Stops_Changing()
    {
        var rig = Icm(new SinusoidGyroTrace(2.0, 5.0), (clock, _) => new Icm42688Options { Clock = clock, StuckSampleThreshold = 100 });
        rig.Imu.StartStreaming();
        rig.Run(500 * Ms, 5 * Ms);
        Assert.DoesNotContain(rig.Samples, s => s.Flags.HasFlag(ImuSampleFlags.Stuck));
        var before = rig.Samples.Count;

        rig.Chip.StuckSensor = true;
        rig.Run(500 * Ms, 5 * Ms);

        // The frozen value is the last live reading, so the run of identical samples starts one sample
        // earlier and its 100th repeat is the 100th stuck sample.
        var firstStuck = rig.Samples.FindIndex(s => s.Flags.HasFlag(ImuSampleFlags.Stuck));
        Assert.Equal(before + 99, firstStuck);
        Assert.All(rig.Samples.Skip(firstStuck), s => Assert.True(s.Flags.HasFlag(ImuSampleFlags.Stuck)));
    }

    [Fact]
    public void Reads_The_Fifo_In_Bursts_No_Longer_Than_The_Message_Limit()
    {
        var clock = new ManualMonotonicClock();
        var chip = new Icm42688Emulator(clock, new SinusoidGyroTrace(2.0, 5.0)) { RecordDeliveries = true };
        var bus = new TransferLog(chip);
        var imu = new Icm42688Imu(new I2cDevice(bus, 0x68), new Icm42688Options { Clock = clock }) { MaxBurstBytes = 64 };
        imu.StartStreaming();
        var buffer = new ImuSample[256];

        clock.Advance(100 * Ms);
        var count = imu.ReadSamples(buffer);

        Assert.Equal(100, count);
        var bursts = bus.ReadLengths.Where(n => n > 3).ToList();
        Assert.Equal(Enumerable.Repeat(64, 25), bursts); // 100 packets of 16 bytes in 64-byte bursts
        var truth = new ProducedSample[256];
        Assert.Equal(100, chip.TakeDelivered(truth));
        Assert.Equal(truth[99].X / 16.4 * Math.PI / 180, buffer[99].Wx, 5);
    }

    [Fact]
    public void Anchors_Times_To_Watermark_Interrupt_Edges()
    {
        var rig = Icm(options: (clock, chip) => new Icm42688Options { Clock = clock, InterruptLine = chip.InterruptLine });
        rig.Imu.StartStreaming();

        rig.RunReaderLoop(5_000 * Ms);

        var statistics = rig.Imu.Statistics;
        Assert.Equal(0x04, rig.Chip.PeekRegister(0x65)); // INT_SOURCE0: FIFO threshold on INT1
        Assert.True(statistics.InterruptAnchors > 900, $"{statistics.InterruptAnchors} anchors");
        Assert.Equal(rig.Truth.Count, rig.Samples.Count);
        // Woken by the edge itself, every read lands at the same phase; only the edges' kernel
        // timestamps remove that bias. After a second, times are within 2 µs (the 32/30 µs tick).
        var settled = rig.Samples.Select((s, i) => Math.Abs(s.TimestampNs - rig.Truth[i].TimestampNs)).Skip(1000).Max();
        Assert.InRange(settled, 0, 2_000);
    }

    [Fact]
    public void Tracks_An_Imu_Clock_Running_200_Ppm_Fast()
    {
        var rig = Icm(setUp: chip => chip.ClockErrorPpm = 200);
        rig.Imu.StartStreaming();

        rig.Run(30_000 * Ms, 4_370_000);

        Assert.InRange(rig.Imu.Statistics.ClockDriftPpm, 190, 210);
        // Uncorrected, 200 ppm is 6 ms after 30 s; corrected, the last 10 s stay within 50 µs.
        var lastTen = rig.Samples.Select((s, i) => Math.Abs(s.TimestampNs - rig.Truth[i].TimestampNs)).Skip(rig.Samples.Count - 10_000).Max();
        Assert.InRange(lastTen, 0, 50_000);
    }

    [Fact]
    public void Reads_Samples_Without_Allocating_After_Warm_Up()
    {
        var rig = Icm(options: (clock, chip) => new Icm42688Options { Clock = clock, InterruptLine = chip.InterruptLine });
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

    [Fact]
    public void Refuses_To_Read_Before_Start()
    {
        var rig = Icm();

        var e = Assert.Throws<InvalidOperationException>(() => rig.Imu.ReadSamples(new ImuSample[4]));

        Assert.Contains("call StartStreaming() before ReadSamples()", e.Message, StringComparison.Ordinal);
    }

    private static void AssertMatchesTrace(ImuRig rig, SinusoidGyroTrace trace, int from)
    {
        Assert.Equal(rig.Truth.Count, rig.Samples.Count);
        for (var i = from; i < rig.Samples.Count; i++)
        {
            var truth = trace.At(rig.Truth[i].TimestampNs);
            Assert.InRange(rig.Samples[i].Wx - truth.X, -0.5 * LsbRadPerSecond - 1e-6, 0.5 * LsbRadPerSecond + 1e-6);
            Assert.InRange(rig.Samples[i].Wz - truth.Z, -0.5 * LsbRadPerSecond - 1e-6, 0.5 * LsbRadPerSecond + 1e-6);
        }
    }
}
