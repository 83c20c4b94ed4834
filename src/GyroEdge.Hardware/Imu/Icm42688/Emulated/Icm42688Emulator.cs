using System.Buffers.Binary;
using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.Imu.Emulation;

namespace GyroEdge.Hardware.Imu.Icm42688.Emulated;

/// <summary>
/// An ICM-42688-P at its I2C register interface (DS-000347), for tests and the bench:
/// <list type="bullet">
/// <item>Bank 0 and bank 1 register files behind REG_BANK_SEL; WHO_AM_I 0x47.</item>
/// <item>Soft reset (DEVICE_CONFIG bit 0): registers to reset values, RESET_DONE set, and the chip
/// NACKs for 1 ms (the datasheet's reset time), so a driver that does not wait fails.</item>
/// <item>A 2048-byte FIFO filled at GYRO_CONFIG0's rate once PWR_MGMT0 turns the gyro on and
/// FIFO_CONFIG leaves bypass: 16-byte accel+gyro packets (header 0x68) with a 16-bit timestamp
/// of 32/30 µs ticks (or 16× that), or 8-byte gyro packets; FIFO_DATA pops and holds the
/// burst pointer; without FIFO_RESUME_PARTIAL_RD a partly read packet is read again whole.</item>
/// <item>Stream mode drops the oldest packets when full and sets FIFO_FULL; stop-on-full drops
/// the new ones. SIGNAL_PATH_RESET bit 1 flushes.</item>
/// <item>The first FIFO_COUNT read after a reset returns 0 (inv_icm42600_buffer.c).</item>
/// <item>FSYNC: with TMST_FSYNC_EN, FIFO_TMST_FSYNC_EN and pin 9 routed to FSYNC, the first
/// sample after a strobe carries header bits 3:2 = 11 and the strobe-to-sample delay in place
/// of its timestamp; the first packet after the gyro is enabled carries a spurious tag, which
/// TDK's driver ignores.</item>
/// <item>INT1: FIFO watermark (count crossing FIFO_CONFIG2/3), data ready and FIFO full, pulsed,
/// active high or low per INT_CONFIG, and silent while INT_CONFIG1's INT_ASYNC_RESET is set.</item>
/// </list>
/// Reset values are the datasheet's for the registers modelled; others read 0.
/// </summary>
public sealed class Icm42688Emulator : EmulatedImu
{
    private const int PacketBytes = 16;
    private const long ResetTimeNs = 1_000_000;
    private const long PowerModeSettleNs = 200_000;

    private readonly byte[] _bank0 = new byte[128];
    private readonly byte[] _bank1 = new byte[128];
    private readonly byte[] _packet = new byte[PacketBytes];
    private int _bank;
    private long _counterEpochNs;
    private long _busyUntilNs;
    private long _sensorEnabledAtNs = long.MinValue;
    private bool _countQuirkPending;
    private byte _latchedCountLow;
    private bool _countLatched;
    private bool _firstPacketAfterEnable;
    private long _previousSampleNs;

    /// <param name="clock">CLOCK_MONOTONIC: a <see cref="ManualMonotonicClock"/> in tests, the real one for the bench.</param>
    /// <param name="trace">The motion the chip feels.</param>
    /// <param name="address">0x68 (AP_AD0 low) or 0x69.</param>
    /// <param name="busName">How the bus is named in messages ("/dev/i2c-7" to read like the board).</param>
    public Icm42688Emulator(IMonotonicClock clock, IGyroTrace trace, ushort address = 0x68, string busName = "emulated ICM-42688-P")
        : base(busName, address, clock, trace, 2048, 8)
    {
        PowerOnReset(clock.NowNs);
    }

    /// <summary>Put a spurious FSYNC tag on the first packet after the gyro is enabled, as the real part may (TDK eMD).</summary>
    public bool TagFirstPacketAfterEnable { get; set; } = true;

    private protected override int CurrentBank => _bank;

    private protected override byte Peek(byte register, int bank) =>
        register == (byte)Register.REG_BANK_SEL ? (byte)_bank : Bank(bank)[register & 0x7F];

    private protected override bool Accessible(long now)
    {
        if (now >= _busyUntilNs)
            return true;
        Violation($"accessed {(_busyUntilNs - now) / 1000.0:F0} µs before the 1 ms soft reset completed");
        return false;
    }

    private protected override bool HoldsPointer(byte register) => _bank == 0 && register == (byte)Register.FIFO_DATA;

    private protected override void BeginRead() => _countLatched = false;

    private protected override void EndRead()
    {
        // FIFO_RESUME_PARTIAL_RD = 0 (reset value): a packet read in part is read again whole next time.
        if ((_bank0[(byte)Register.FIFO_CONFIG1] & 0x40) == 0)
        {
            var partial = Fifo.PartialRecordBytes;
            if (partial > 0)
                Fifo.Unpop(partial);
        }
    }

    private protected override byte ReadRegister(byte register)
    {
        if (register == (byte)Register.REG_BANK_SEL)
            return (byte)_bank;
        if (_bank != 0)
            return Bank(_bank)[register & 0x7F];
        switch ((Register)register)
        {
            case Register.INT_STATUS:
            {
                // Status bits clear when read (INT_CONFIG0 reset value: clear on status read).
                var value = _bank0[register];
                _bank0[register] = 0;
                return value;
            }
            case Register.FIFO_COUNTH:
            {
                var count = _countQuirkPending ? 0 : Fifo.Count;
                _countQuirkPending = false;
                // Reading the high byte latches the low byte, so the pair is consistent.
                _latchedCountLow = (byte)count;
                _countLatched = true;
                return (byte)(count >> 8);
            }
            case Register.FIFO_COUNTL:
                return _countLatched ? _latchedCountLow : (byte)Fifo.Count;
            case Register.FIFO_DATA:
                return PopFifo();
            default:
                return _bank0[register & 0x7F];
        }
    }

    private protected override void WriteRegister(byte register, byte value)
    {
        var now = NowNs;
        if (_sensorEnabledAtNs != long.MinValue && now - _sensorEnabledAtNs < PowerModeSettleNs)
            Violation($"wrote register 0x{register:X2} {(now - _sensorEnabledAtNs) / 1000.0:F0} µs after PWR_MGMT0 turned a sensor on; the datasheet asks for 200 µs without writes");

        if (register == (byte)Register.REG_BANK_SEL)
        {
            _bank = value & 0x07;
            return;
        }
        if (_bank != 0)
        {
            Bank(_bank)[register & 0x7F] = value;
            return;
        }

        switch ((Register)register)
        {
            case Register.DEVICE_CONFIG when (value & Bits.DeviceConfigSoftReset) != 0:
                PowerOnReset(now);
                _busyUntilNs = now + ResetTimeNs;
                return;
            case Register.SIGNAL_PATH_RESET:
                if ((value & Bits.FifoFlush) != 0)
                    FlushFifo();
                return; // Strobe bits clear themselves.
            case Register.INT_STATUS or Register.FIFO_COUNTH or Register.FIFO_COUNTL or Register.FIFO_DATA or Register.WHO_AM_I:
                return; // Read-only.
            case Register.PWR_MGMT0:
            {
                var old = _bank0[register];
                _bank0[register] = value;
                if ((old & 0x0F) == 0 && (value & 0x0F) != 0)
                    _sensorEnabledAtNs = now;
                if ((old & Bits.PowerGyroMask) != Bits.PowerGyroMask && (value & Bits.PowerGyroMask) == Bits.PowerGyroMask)
                    _firstPacketAfterEnable = true;
                break;
            }
            default:
                _bank0[register & 0x7F] = value;
                break;
        }
        UpdateSampleClock();
    }

    private protected override void PowerOnReset(long now)
    {
        Array.Clear(_bank0);
        Array.Clear(_bank1);
        _bank = 0;
        _bank0[(byte)Register.GYRO_CONFIG0] = 0x06;
        _bank0[(byte)Register.ACCEL_CONFIG0] = 0x06;
        _bank0[(byte)Register.TMST_CONFIG] = 0x23;
        _bank0[(byte)Register.FSYNC_CONFIG] = 0x10;
        _bank0[(byte)Register.INT_CONFIG1] = 0x10;
        _bank0[(byte)Register.INT_SOURCE0] = 0x10;
        _bank0[(byte)Register.INTF_CONFIG0] = 0x30;
        _bank0[(byte)Register.WHO_AM_I] = Bits.WhoAmIValue;
        _bank0[(byte)Register.INT_STATUS] = Bits.IntStatusResetDone;
        FlushFifo();
        _counterEpochNs = now;
        _countQuirkPending = true;
        _firstPacketAfterEnable = false;
        _sensorEnabledAtNs = long.MinValue;
        UpdateSampleClock();
    }

    private protected override void ProduceSample(long timestampNs, long sequence)
    {
        var previous = _previousSampleNs;
        _previousSampleNs = timestampNs;
        _bank0[(byte)Register.INT_STATUS] |= Bits.IntStatusDataReady;
        var sources = _bank0[(byte)Register.INT_SOURCE0];
        if ((sources & Bits.IntSource0DataReadyInt1) != 0)
            Interrupt(timestampNs);

        var fifoMode = _bank0[(byte)Register.FIFO_CONFIG] >> 6;
        var fifoConfig1 = _bank0[(byte)Register.FIFO_CONFIG1];
        if (fifoMode == 0 || (fifoConfig1 & Bits.FifoGyro) == 0)
            return;

        var (x, y, z) = RawGyro(timestampNs, GyroSensitivity(), -short.MaxValue);
        var tmstConfig = _bank0[(byte)Register.TMST_CONFIG];
        // One tick is 32/30 µs (the PLL runs at 19.2 MHz, not 20.48), or 16 of them at the coarse resolution.
        var tickDivisor = (tmstConfig & Bits.TmstResolution16Us) != 0 ? 16 * 16_000L : 16_000L;
        var fsync = false;
        var field = (ushort)(ChipElapsedNs(_counterEpochNs, timestampNs) * 15 / tickDivisor & 0xFFFF);
        if (FsyncRouted(tmstConfig, fifoConfig1))
        {
            if (_firstPacketAfterEnable && TagFirstPacketAfterEnable)
            {
                fsync = true;
                field = 0x0123; // Not a delay from any real edge.
                TakeFsyncStrobe(previous, timestampNs, out _);
            }
            else if (TakeFsyncStrobe(previous, timestampNs, out var strobe))
            {
                fsync = true;
                field = (ushort)Math.Min(ushort.MaxValue, ChipElapsedNs(strobe, timestampNs) * 15 / tickDivisor);
            }
        }
        _firstPacketAfterEnable = false;

        var both = (fifoConfig1 & Bits.FifoAccel) != 0;
        var length = both ? PacketBytes : 8;
        var header = (byte)(Bits.HeaderGyro | (both ? Bits.HeaderAccel : 0));
        var packet = _packet.AsSpan(0, length);
        if (both)
        {
            if ((tmstConfig & Bits.TmstEnable) != 0)
                header |= Bits.HeaderTimestamp;
            if (fsync)
                header |= Bits.HeaderTimestamp | Bits.HeaderFsync;
            var accelOn = (_bank0[(byte)Register.PWR_MGMT0] & 0x03) != 0;
            // At rest, z up: 1 g at ±16 g is 2048 LSB; -32768 marks invalid data while the accel is off.
            BinaryPrimitives.WriteInt16BigEndian(packet[1..], accelOn ? (short)0 : short.MinValue);
            BinaryPrimitives.WriteInt16BigEndian(packet[3..], accelOn ? (short)0 : short.MinValue);
            BinaryPrimitives.WriteInt16BigEndian(packet[5..], accelOn ? (short)2048 : short.MinValue);
            BinaryPrimitives.WriteInt16BigEndian(packet[7..], x);
            BinaryPrimitives.WriteInt16BigEndian(packet[9..], y);
            BinaryPrimitives.WriteInt16BigEndian(packet[11..], z);
            packet[13] = 0; // 25 °C
            BinaryPrimitives.WriteUInt16BigEndian(packet[14..], (tmstConfig & Bits.TmstEnable) != 0 || fsync ? field : (ushort)0);
        }
        else
        {
            BinaryPrimitives.WriteInt16BigEndian(packet[1..], x);
            BinaryPrimitives.WriteInt16BigEndian(packet[3..], y);
            BinaryPrimitives.WriteInt16BigEndian(packet[5..], z);
            packet[7] = 0;
        }
        packet[0] = header;

        var before = Fifo.Count;
        var policy = fifoMode == 1 ? FifoOverflowPolicy.DropOldestRecords : FifoOverflowPolicy.DropNewest;
        WriteFifo(packet, new ProducedSample(sequence, timestampNs, x, y, z, fsync), policy, out var overflowed);
        var after = Fifo.Count;

        if (overflowed || after == Fifo.Capacity)
        {
            _bank0[(byte)Register.INT_STATUS] |= Bits.IntStatusFifoFull;
            if ((sources & 0x02) != 0)
                Interrupt(timestampNs);
        }
        var watermark = Watermark;
        if (watermark > 0)
        {
            var reached = (fifoConfig1 & Bits.FifoWatermarkGreaterThan) != 0
                ? after >= watermark
                : before < watermark && after >= watermark;
            if (reached)
            {
                _bank0[(byte)Register.INT_STATUS] |= Bits.IntStatusFifoThreshold;
                if ((sources & Bits.IntSource0FifoThresholdInt1) != 0)
                    Interrupt(timestampNs);
            }
        }
    }

    private protected override long NextInterruptLocked()
    {
        var sources = _bank0[(byte)Register.INT_SOURCE0];
        if ((_bank0[(byte)Register.INT_CONFIG1] & Bits.IntConfig1AsyncReset) != 0)
            return long.MaxValue;
        if ((sources & Bits.IntSource0DataReadyInt1) != 0)
            return NextSampleNs;
        var watermark = Watermark;
        if ((sources & Bits.IntSource0FifoThresholdInt1) != 0 && watermark > 0 && (_bank0[(byte)Register.FIFO_CONFIG] >> 6) != 0)
        {
            var count = Fifo.Count;
            if (count >= watermark)
                return long.MaxValue;
            var length = (_bank0[(byte)Register.FIFO_CONFIG1] & Bits.FifoAccel) != 0 ? PacketBytes : 8;
            return SampleDueNs((watermark - count + length - 1) / length);
        }
        return long.MaxValue;
    }

    private int Watermark => _bank0[(byte)Register.FIFO_CONFIG2] | ((_bank0[(byte)Register.FIFO_CONFIG3] & 0x0F) << 8);

    private byte[] Bank(int bank) => bank == 1 ? _bank1 : _bank0;

    private bool FsyncRouted(byte tmstConfig, byte fifoConfig1) =>
        (tmstConfig & Bits.TmstFsyncEnable) != 0
        && (fifoConfig1 & Bits.FifoTimestampFsync) != 0
        && (_bank1[(byte)Register.INTF_CONFIG5_BANK1 & 0x7F] & Bits.Pin9FunctionMask) == Bits.Pin9Fsync
        && (_bank0[(byte)Register.FSYNC_CONFIG] & 0x70) != 0;

    private void Interrupt(long timestampNs)
    {
        // INT_ASYNC_RESET left set garbles the INT pins (the reference's note): nothing reaches the line.
        if ((_bank0[(byte)Register.INT_CONFIG1] & Bits.IntConfig1AsyncReset) != 0)
            return;
        var activeHigh = (_bank0[(byte)Register.INT_CONFIG] & 0x01) != 0;
        RaiseInterrupt(timestampNs, activeHigh ? GpioEdge.Rising : GpioEdge.Falling);
    }

    private double GyroSensitivity() => (_bank0[(byte)Register.GYRO_CONFIG0] >> 5) switch
    {
        0 => 16.4,
        1 => 32.8,
        2 => 65.5,
        3 => 131,
        4 => 262,
        5 => 524.3,
        6 => 1048.6,
        _ => 2097.2,
    };

    private static long PeriodNs(int odrCode) => odrCode switch
    {
        1 => 31_250,
        2 => 62_500,
        3 => 125_000,
        4 => 250_000,
        5 => 500_000,
        6 => 1_000_000,
        7 => 5_000_000,
        8 => 10_000_000,
        9 => 20_000_000,
        10 => 40_000_000,
        11 => 80_000_000,
        15 => 2_000_000,
        _ => 0,
    };

    private void UpdateSampleClock()
    {
        var gyroOn = (_bank0[(byte)Register.PWR_MGMT0] & Bits.PowerGyroMask) == Bits.PowerGyroMask;
        var period = PeriodNs(_bank0[(byte)Register.GYRO_CONFIG0] & 0x0F);
        SetSampleClock(gyroOn && period > 0, period);
        if (!gyroOn)
            _previousSampleNs = NowNs;
    }
}
