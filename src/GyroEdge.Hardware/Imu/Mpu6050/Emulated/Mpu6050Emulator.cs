using System.Buffers.Binary;
using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.Imu.Emulation;

namespace GyroEdge.Hardware.Imu.Mpu6050.Emulated;

/// <summary>
/// An MPU-6050, MPU-6500 or MPU-9250 at its I2C register interface (register maps
/// RM-MPU-6000A-00 rev 4.2, RM-MPU-6500A-00, RM-MPU-9250A-00), for tests and the bench:
/// <list type="bullet">
/// <item>Powers up asleep (PWR_MGMT_1 = 0x40); DEVICE_RESET restores reset values, and any access
/// in the 100 ms after it is recorded as a timing violation (Linux waits that long).</item>
/// <item>Sample clock: 8 kHz gyro output with DLPF_CFG 0 or 7, 1 kHz otherwise, divided by
/// 1 + SMPLRT_DIV; data-ready status and edges every sample while awake.</item>
/// <item>FIFO of the variant's size (1024 or 512 bytes) fed when USER_CTRL.FIFO_EN is set, with
/// the FIFO_EN selection in register order (accel, temperature, gyro x, y, z). When full it
/// overwrites its oldest bytes, so the head lands mid-record (6 does not divide 1024), and sets
/// FIFO_OFLOW_INT; the MPU-6500's CONFIG.FIFO_MODE makes it drop new data instead.</item>
/// <item>FIFO_RESET works while FIFO_EN is 0 (the MPU-6050 ignores it otherwise: recorded as a
/// violation). FIFO_COUNTH latches the low byte; FIFO_R_W pops and holds the burst pointer.</item>
/// </list>
/// </summary>
public sealed class Mpu6050Emulator : EmulatedImu
{
    private const long ResetSettleNs = 100_000_000;

    private readonly byte[] _registers = new byte[128];
    private readonly byte[] _record = new byte[14];
    private long _resetAtNs = long.MinValue;
    private byte _latchedCountLow;
    private bool _countLatched;

    /// <param name="clock">CLOCK_MONOTONIC: a <see cref="ManualMonotonicClock"/> in tests, the real one for the bench.</param>
    /// <param name="trace">The motion the chip feels.</param>
    /// <param name="variant">Which chip: sets WHO_AM_I and the FIFO size.</param>
    /// <param name="address">0x68 (AD0 low) or 0x69.</param>
    /// <param name="busName">How the bus is named in messages; "emulated MPU-6050" (or the variant) by default.</param>
    public Mpu6050Emulator(IMonotonicClock clock, IGyroTrace trace, Mpu6050Variant variant = Mpu6050Variant.Mpu6050, ushort address = 0x68, string? busName = null)
        : base(busName ?? $"emulated {Describe(variant)}", address, clock, trace, variant == Mpu6050Variant.Mpu6050 ? 1024 : 512, 2)
    {
        Variant = variant;
        PowerOnReset(clock.NowNs);
    }

    public Mpu6050Variant Variant { get; }

    private protected override byte Peek(byte register, int bank) => _registers[register & 0x7F];

    private protected override bool HoldsPointer(byte register) => register == (byte)Register.FIFO_R_W;

    private protected override void BeginRead() => _countLatched = false;

    private protected override byte ReadRegister(byte register)
    {
        CheckSettled();
        switch ((Register)register)
        {
            case Register.INT_STATUS:
            {
                var value = _registers[register];
                _registers[register] = 0;
                return value;
            }
            case Register.FIFO_COUNTH:
                _latchedCountLow = (byte)Fifo.Count;
                _countLatched = true;
                return (byte)(Fifo.Count >> 8);
            case Register.FIFO_COUNTL:
                return _countLatched ? _latchedCountLow : (byte)Fifo.Count;
            case Register.FIFO_R_W:
                return PopFifo();
            default:
                return _registers[register & 0x7F];
        }
    }

    private protected override void WriteRegister(byte register, byte value)
    {
        CheckSettled();
        switch ((Register)register)
        {
            case Register.PWR_MGMT_1 when (value & Bits.DeviceReset) != 0:
                PowerOnReset(NowNs);
                _resetAtNs = NowNs;
                return;
            case Register.USER_CTRL:
                if ((value & Bits.UserFifoReset) != 0)
                {
                    if (Variant == Mpu6050Variant.Mpu6050 && (value & Bits.UserFifoEnable) != 0)
                        Violation("USER_CTRL FIFO_RESET written with FIFO_EN set; the MPU-6050 resets the FIFO only while FIFO_EN is 0");
                    else
                        FlushFifo();
                }
                _registers[register] = (byte)(value & ~Bits.UserFifoReset);
                return;
            case Register.INT_STATUS or Register.FIFO_COUNTH or Register.FIFO_COUNTL or Register.WHO_AM_I:
                return;
            case Register.FIFO_R_W:
                return; // Host writes into the FIFO are not modelled.
            default:
                _registers[register & 0x7F] = value;
                break;
        }
        UpdateSampleClock();
    }

    private protected override void PowerOnReset(long now)
    {
        Array.Clear(_registers);
        _registers[(byte)Register.PWR_MGMT_1] = Bits.Sleep;
        _registers[(byte)Register.WHO_AM_I] = (byte)Variant;
        FlushFifo();
        UpdateSampleClock();
    }

    private protected override void ProduceSample(long timestampNs, long sequence)
    {
        _registers[(byte)Register.INT_STATUS] |= Bits.IntDataReady;
        var interrupt = (_registers[(byte)Register.INT_ENABLE] & Bits.IntDataReady) != 0;

        var fifoEnable = _registers[(byte)Register.FIFO_EN];
        if ((_registers[(byte)Register.USER_CTRL] & Bits.UserFifoEnable) != 0 && fifoEnable != 0)
        {
            var (x, y, z) = RawGyro(timestampNs, Sensitivity(), short.MinValue);
            var length = 0;
            if ((fifoEnable & Bits.FifoAccel) != 0)
            {
                BinaryPrimitives.WriteInt16BigEndian(_record.AsSpan(length), 0);
                BinaryPrimitives.WriteInt16BigEndian(_record.AsSpan(length + 2), 0);
                BinaryPrimitives.WriteInt16BigEndian(_record.AsSpan(length + 4), 16384); // 1 g at ±2 g
                length += 6;
            }
            if ((fifoEnable & Bits.FifoTemperature) != 0)
            {
                BinaryPrimitives.WriteInt16BigEndian(_record.AsSpan(length), 0);
                length += 2;
            }
            if ((fifoEnable & 0x40) != 0)
            {
                BinaryPrimitives.WriteInt16BigEndian(_record.AsSpan(length), x);
                length += 2;
            }
            if ((fifoEnable & 0x20) != 0)
            {
                BinaryPrimitives.WriteInt16BigEndian(_record.AsSpan(length), y);
                length += 2;
            }
            if ((fifoEnable & 0x10) != 0)
            {
                BinaryPrimitives.WriteInt16BigEndian(_record.AsSpan(length), z);
                length += 2;
            }
            if (length > 0)
            {
                var keepOldest = Variant != Mpu6050Variant.Mpu6050 && (_registers[(byte)Register.CONFIG] & Bits.ConfigFifoModeKeepOldest) != 0;
                WriteFifo(_record.AsSpan(0, length), new ProducedSample(sequence, timestampNs, x, y, z, false),
                    keepOldest ? FifoOverflowPolicy.DropNewest : FifoOverflowPolicy.OverwriteOldestBytes, out var overflowed);
                if (overflowed)
                {
                    _registers[(byte)Register.INT_STATUS] |= Bits.IntFifoOverflow;
                    interrupt |= (_registers[(byte)Register.INT_ENABLE] & Bits.IntFifoOverflow) != 0;
                }
            }
        }

        if (interrupt)
        {
            var activeLow = (_registers[(byte)Register.INT_PIN_CFG] & Bits.IntPinActiveLow) != 0;
            RaiseInterrupt(timestampNs, activeLow ? GpioEdge.Falling : GpioEdge.Rising);
        }
    }

    private protected override long NextInterruptLocked() =>
        (_registers[(byte)Register.INT_ENABLE] & Bits.IntDataReady) != 0 ? NextSampleNs : long.MaxValue;

    private static string Describe(Mpu6050Variant variant) => variant switch
    {
        Mpu6050Variant.Mpu6500 => "MPU-6500",
        Mpu6050Variant.Mpu9250 => "MPU-9250",
        _ => "MPU-6050",
    };

    private double Sensitivity() => ((_registers[(byte)Register.GYRO_CONFIG] >> 3) & 0x03) switch
    {
        0 => 131,
        1 => 65.5,
        2 => 32.8,
        _ => 16.4,
    };

    private void CheckSettled()
    {
        var since = NowNs - _resetAtNs;
        if (_resetAtNs != long.MinValue && since < ResetSettleNs)
            Violation($"register access {since / 1e6:F1} ms after DEVICE_RESET; wait 100 ms (inv_mpu6050 INV_MPU6050_POWER_UP_TIME)");
    }

    private void UpdateSampleClock()
    {
        var awake = (_registers[(byte)Register.PWR_MGMT_1] & Bits.Sleep) == 0;
        var dlpf = _registers[(byte)Register.CONFIG] & Bits.DlpfMask;
        var gyroOutputNs = dlpf is 0 or 7 ? 125_000L : 1_000_000L;
        SetSampleClock(awake, gyroOutputNs * (1 + _registers[(byte)Register.SMPLRT_DIV]));
    }
}
