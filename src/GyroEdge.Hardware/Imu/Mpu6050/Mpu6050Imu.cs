using System.Buffers.Binary;
using GyroEdge.Hardware.I2c;

namespace GyroEdge.Hardware.Imu.Mpu6050;

/// <summary>
/// InvenSense MPU-6050, MPU-6500 and MPU-9250 over I2C, gyro only, read through the FIFO as
/// 6-byte records (GYRO_XOUT, YOUT, ZOUT, big-endian). Product specifications PS-MPU-6000A-00,
/// PS-MPU-6500A-01, PS-MPU-9250A-01 and their register maps; delays as in Linux inv_mpu6050.
/// </summary>
/// <remarks>
/// The FIFO carries no timestamps, so a sample's IMU time is its index times the nominal period
/// (the chip's own sample clock), and <see cref="SampleTimeline"/> maps that onto CLOCK_MONOTONIC:
/// every FIFO_COUNT read brackets the newest sample in [count start − P, count end], and the fit
/// over 16 s of such brackets measures the true rate (the internal oscillator is only good to
/// about ±1 %), so timestamps do not walk away at the oscillator's error. With INT wired, the
/// data-ready edges give exact points: the newest edge before the count read belongs to the
/// newest counted sample, provided no edge arrived during the count transaction.
/// </remarks>
public sealed class Mpu6050Imu : FifoImu
{
    /// <summary>7-bit address with AD0 low; 0x69 with it high.</summary>
    public const ushort DefaultAddress = 0x68;

    /// <summary>Bytes per sample in the FIFO: gyro x, y, z.</summary>
    public const int RecordBytes = 6;

    // Linux inv_mpu_iio.h: INV_MPU6050_POWER_UP_TIME (100 ms after H_RESET) and
    // INV_MPU6050_GYRO_STARTUP_TIME (60 ms before gyro data is valid).
    private const long ResetNs = 100_000_000;
    private const long GyroStartupNs = 60_000_000;

    private readonly Mpu6050Options _options;
    private readonly double _lsbPerDps;
    private readonly long _periodNs;
    private readonly byte _dlpf;
    private readonly byte _divider;
    private readonly int _capacityBytes;
    private readonly byte[] _fifo;
    private readonly byte[] _count = new byte[2];
    private readonly byte[] _control = new byte[2];

    private bool _haveLastU;
    private long _lastU;
    private long _edgeFloorNs;

    /// <summary>Reads WHO_AM_I and records the variant; <see cref="FifoImu.StartStreaming"/> then resets and configures it.</summary>
    /// <exception cref="ImuStartException">The chip does not answer (the message has the errno, bus and i2cdetect hint).</exception>
    /// <exception cref="ImuIdentityException">WHO_AM_I is not 0x68, 0x70 or 0x71.</exception>
    public Mpu6050Imu(I2cDevice device, Mpu6050Options? options = null)
        : base(device, options ??= new Mpu6050Options(), "MPU-6050")
    {
        _options = options;
        _lsbPerDps = Sensitivity(options.GyroRange);
        OutputDataRateHz = options.OutputDataRateHz;
        _periodNs = (long)Math.Round(1e9 / OutputDataRateHz);
        (_dlpf, _divider) = RateSettings(options.OutputDataRateHz);
        Variant = ReadVariant();
        ChipName = Variant switch
        {
            Mpu6050Variant.Mpu6500 => "MPU-6500",
            Mpu6050Variant.Mpu9250 => "MPU-9250",
            _ => "MPU-6050",
        };
        _capacityBytes = FifoCapacity(Variant);
        _fifo = new byte[_capacityBytes];
    }

    public Mpu6050Variant Variant { get; }

    public override double OutputDataRateHz { get; }

    /// <summary>The FIFO's size in bytes: 1024 on the MPU-6050, 512 on the 6500 and 9250 (their product specifications, §3.1/§4.17).</summary>
    public int FifoCapacityBytes => _capacityBytes;

    private protected override double FullScaleDps => 250 << (int)_options.GyroRange;

    private protected override long SamplePeriodNs => _periodNs;

    /// <summary>Data-ready edges come every sample; the reader still collects in batches.</summary>
    private protected override bool InterruptMarksBatch => false;

    internal static double Sensitivity(Mpu6050GyroRange range) => range switch
    {
        Mpu6050GyroRange.Dps250 => 131,
        Mpu6050GyroRange.Dps500 => 65.5,
        Mpu6050GyroRange.Dps1000 => 32.8,
        _ => 16.4,
    };

    internal static int FifoCapacity(Mpu6050Variant variant) => variant == Mpu6050Variant.Mpu6050 ? 1024 : 512;

    /// <summary>DLPF_CFG and SMPLRT_DIV for a rate (register map §4.2-4.3).</summary>
    internal static (byte Dlpf, byte Divider) RateSettings(int hz)
    {
        if (hz > 1000)
            return (0, (byte)(8000 / hz - 1)); // DLPF off: the gyro outputs at 8 kHz.
        // Bandwidth below half the sample rate, from the CONFIG table: 188, 98, 42, 20, 10, 5 Hz.
        byte dlpf = hz switch
        {
            >= 400 => 1,
            >= 200 => 2,
            >= 100 => 3,
            >= 50 => 4,
            >= 25 => 5,
            _ => 6,
        };
        return (dlpf, (byte)(1000 / hz - 1));
    }

    private protected override void Configure()
    {
        CheckVariant();

        Step = "device reset (PWR_MGMT_1)";
        WriteRegister((byte)Register.PWR_MGMT_1, Bits.DeviceReset);
        Clock.Delay(ResetNs);
        Step = "waking the chip (PWR_MGMT_1)";
        WriteRegister((byte)Register.PWR_MGMT_1, Bits.ClockPllGyroX);

        Step = "configuring range and rate (CONFIG, SMPLRT_DIV, GYRO_CONFIG)";
        WriteRegister((byte)Register.CONFIG, _dlpf);
        WriteRegister((byte)Register.SMPLRT_DIV, _divider);
        WriteRegister((byte)Register.GYRO_CONFIG, (byte)((byte)_options.GyroRange << 3));

        Step = "configuring interrupts (INT_PIN_CFG, INT_ENABLE)";
        // Active high, push-pull, 50 µs pulses; INT_STATUS cleared by reading it.
        WriteRegister((byte)Register.INT_PIN_CFG, 0x00);
        WriteRegister((byte)Register.INT_ENABLE, (byte)(Bits.IntFifoOverflow | (_options.InterruptLine is null ? 0 : Bits.IntDataReady)));
        Clock.Delay(GyroStartupNs);

        Step = "starting the FIFO (FIFO_EN, USER_CTRL)";
        WriteRegister((byte)Register.FIFO_EN, Bits.FifoGyroXyz);
        DiscardFifo();
        ReadRegister((byte)Register.INT_STATUS);
        DiscardEdges();
        Step = "streaming";
    }

    private protected override void ResetStreamState()
    {
        _haveLastU = false;
        _edgeFloorNs = Clock.NowNs;
    }

    private protected override void OnFifoFlushed() => _edgeFloorNs = Clock.NowNs;

    private protected override void DiscardFifo()
    {
        WriteRegister((byte)Register.USER_CTRL, Bits.UserFifoReset);
        WriteRegister((byte)Register.USER_CTRL, Bits.UserFifoEnable);
    }

    private protected override bool ConfigurationIntact()
    {
        // USER_CTRL and PWR_MGMT_1 are adjacent; a power-cycled chip reads 0x00 and 0x40 (asleep).
        ReadRegisters((byte)Register.USER_CTRL, _control);
        return (_control[0] & Bits.UserFifoEnable) != 0 && _control[1] == Bits.ClockPllGyroX;
    }

    private protected override void PowerDown()
    {
        WriteRegister((byte)Register.USER_CTRL, 0);
        WriteRegister((byte)Register.INT_ENABLE, 0);
        WriteRegister((byte)Register.PWR_MGMT_1, Bits.Sleep);
    }

    private protected override int ReadCycle(Span<ImuSample> destination)
    {
        DrainEdges();
        var status = ReadRegister((byte)Register.INT_STATUS);
        if ((status & Bits.IntFifoOverflow) != 0)
        {
            CountOverflow();
            FlushFifo();
            return 0;
        }

        var countStart = Clock.NowNs;
        ReadRegisters((byte)Register.FIFO_COUNTH, _count);
        var countEnd = Clock.NowNs;
        DrainEdges();

        var bytes = BinaryPrimitives.ReadUInt16BigEndian(_count) & 0x1FFF;
        if (bytes >= _capacityBytes || bytes % RecordBytes != 0)
        {
            // Full or misaligned: the FIFO overwrote its oldest bytes (6-byte records do not divide its
            // size), so the head is no longer on a record boundary. Only a reset realigns it.
            CountOverflow();
            FlushFifo();
            return 0;
        }
        var available = bytes / RecordBytes;
        if (available == 0)
        {
            ConsumeEdges(PendingEdges.Length);
            return 0;
        }
        var count = Math.Min(available, destination.Length);
        ReadFifo((byte)Register.FIFO_R_W, _fifo.AsSpan(0, count * RecordBytes), RecordBytes);

        var firstU = FirstImuTime(available, countStart, countEnd);
        var older = available - count;
        Timeline.Observe(firstU + (count - 1) * _periodNs, countStart - (older + 1) * _periodNs, countEnd - older * _periodNs);
        AnchorToDataReadyEdge(firstU + (available - 1) * _periodNs, countStart, countEnd);

        for (var i = 0; i < count; i++)
        {
            var record = _fifo.AsSpan(i * RecordBytes, RecordBytes);
            var x = BinaryPrimitives.ReadInt16BigEndian(record);
            var y = BinaryPrimitives.ReadInt16BigEndian(record[2..]);
            var z = BinaryPrimitives.ReadInt16BigEndian(record[4..]);
            var u = firstU + i * _periodNs;
            var timestamp = Timeline.ToMonotonic(u);
            if (GapPending)
            {
                CountLost(GapWithChipReset || !_haveLastU
                    ? EstimateLostByTime(timestamp)
                    : (u - _lastU) / _periodNs - 1);
            }
            var flags = ClassifyRaw(x, y, z) | TakeGapFlags();
            destination[i] = new ImuSample(
                Monotonic(timestamp),
                ToRadiansPerSecond(x, _lsbPerDps),
                ToRadiansPerSecond(y, _lsbPerDps),
                ToRadiansPerSecond(z, _lsbPerDps),
                flags);
            _lastU = u;
            _haveLastU = true;
        }
        return count;
    }

    /// <summary>
    /// The IMU time of the first sample in this batch: the next one on the sample grid, or after a
    /// flush the grid point the timeline predicts (the sample clock kept running, so whole periods
    /// were lost), or after a chip reset wherever the timeline says the newest sample is.
    /// </summary>
    private long FirstImuTime(int available, long countStart, long countEnd)
    {
        if (!_haveLastU)
        {
            return Timeline.IsAnchored
                ? Timeline.ToImuTime((countStart - _periodNs + countEnd) / 2) - (available - 1) * _periodNs
                : 0;
        }
        var next = _lastU + _periodNs;
        if (!GapPending || !Timeline.IsAnchored)
            return next;
        var predicted = Timeline.ToImuTime((countStart - _periodNs + countEnd) / 2) - (available - 1) * _periodNs;
        var skipped = Math.Max(0, (long)Math.Round((double)(predicted - next) / _periodNs));
        return next + skipped * _periodNs;
    }

    /// <summary>An exact point: the newest data-ready edge before the count read is the newest counted sample.</summary>
    private void AnchorToDataReadyEdge(long newestCountedU, long countStart, long countEnd)
    {
        var edges = PendingEdges;
        long newest = long.MinValue;
        var raced = false;
        foreach (var edge in edges)
        {
            if (edge <= _edgeFloorNs)
                continue;
            if (edge <= countStart)
                newest = Math.Max(newest, edge);
            else if (edge <= countEnd)
                raced = true; // A sample landed while the count was being read: counted or not, unknown.
        }
        if (newest != long.MinValue && !raced)
        {
            Timeline.Observe(newestCountedU, newest, newest);
            CountInterruptAnchor();
        }
        ConsumeEdges(edges.Length);
    }

    private Mpu6050Variant ReadVariant()
    {
        Step = "reading WHO_AM_I";
        byte found;
        try
        {
            found = ReadRegister((byte)Register.WHO_AM_I);
        }
        catch (I2cTransferException e)
        {
            throw new ImuStartException(Description, Step, e);
        }
        if (found is not ((byte)Mpu6050Variant.Mpu6050 or (byte)Mpu6050Variant.Mpu6500 or (byte)Mpu6050Variant.Mpu9250))
        {
            throw new ImuIdentityException(
                $"Expected WHO_AM_I 0x68 (MPU-6050), 0x70 (MPU-6500) or 0x71 (MPU-9250) at 0x{Device.Address:X2} on {Device.Bus.Name}, found 0x{found:X2}{ImuIdentityException.Guess(found)}. "
                + "Check the configured IMU model, the address strap (AD0 low: 0x68, high: 0x69) and that no other chip answers at that address.",
                (byte)Mpu6050Variant.Mpu6050, found);
        }
        return (Mpu6050Variant)found;
    }

    private void CheckVariant()
    {
        Step = "reading WHO_AM_I";
        var found = ReadRegister((byte)Register.WHO_AM_I);
        if (found != (byte)Variant)
        {
            throw new ImuIdentityException(
                $"Expected WHO_AM_I 0x{(byte)Variant:X2} ({Variant}, found when the driver was created) at 0x{Device.Address:X2} on {Device.Bus.Name}, found 0x{found:X2}{ImuIdentityException.Guess(found)}. "
                + "Another chip now answers at the address; check the wiring.",
                (byte)Variant, found);
        }
    }
}
