using System.Buffers.Binary;
using GyroEdge.Hardware.I2c;

namespace GyroEdge.Hardware.Imu.Icm42688;

/// <summary>
/// TDK InvenSense ICM-42688-P over I2C, read through its 2 KB FIFO in stream mode as 16-byte
/// accel+gyro packets carrying 16-bit timestamps, with FSYNC tagging and an optional FIFO
/// watermark interrupt on INT1. Datasheet DS-000347; register facts as in Linux inv_icm42600
/// and TDK's eMD driver (Icm426xxDriver_HL.c).
/// </summary>
/// <remarks>
/// Sample times: each packet's 16-bit timestamp (1 µs resolution, or 16 µs at rates under
/// 50 Hz so one wrap spans two samples) is unwrapped into a 64-bit IMU time. On this part the
/// timestamp counter runs off a 19.2 MHz PLL, so one "µs" tick is 32/30 µs (TDK eMD,
/// PLL_SCALE_FACTOR_Q24). The IMU time then maps to CLOCK_MONOTONIC through
/// <see cref="SampleTimeline"/>, fed by the FIFO_COUNT read that brackets the newest sample and,
/// when INT1 is wired, by watermark edges: the edge fires when the FIFO count reaches the
/// watermark, so it belongs to the watermark-th packet from the FIFO head at that moment.
/// </remarks>
public sealed class Icm42688Imu : FifoImu
{
    /// <summary>7-bit address with AP_AD0 low; 0x69 with it high.</summary>
    public const ushort DefaultAddress = 0x68;

    /// <summary>Bytes per sample in the FIFO: one accel+gyro packet with its timestamp.</summary>
    public const int PacketBytes = 16;
    internal const int FifoCapacityBytes = 2048;
    private const int MaxPackets = FifoCapacityBytes / PacketBytes;
    private const int HistoryCapacity = 8;
    private const int UHistoryMask = 511;
    private const string Model = "ICM-42688-P";

    // DS-000347 / inv_icm42600.h: soft reset needs 1 ms; the gyro 60 ms to start up (INV_ICM42600_GYRO_STARTUP_TIME_MS);
    // no register write for 200 µs after a sensor leaves OFF (inv_icm42600_core.c, set_pwr_mgmt0).
    private const long SoftResetNs = 1_000_000;
    private const long PowerModeSettleNs = 200_000;
    private const long GyroStartupNs = 60_000_000;

    private readonly Icm42688Options _options;
    private readonly double _lsbPerDps;
    private readonly long _periodNs;
    private readonly bool _coarseTimestamps;
    private readonly long _tickNumerator;
    private readonly int _watermarkPackets;
    private readonly byte[] _fifo = new byte[FifoCapacityBytes];
    private readonly byte[] _statusAndCount = new byte[3];
    private readonly byte[] _power = new byte[3];
    private readonly long[] _packetU = new long[MaxPackets];
    private readonly bool[] _packetHasU = new bool[MaxPackets];
    private readonly long[] _uBySequence = new long[UHistoryMask + 1];
    private readonly ReadRecord[] _history = new ReadRecord[HistoryCapacity];
    private readonly long[] _anchorSequence = new long[16];
    private readonly long[] _anchorMono = new long[16];

    private int _historyCount;
    private long _historyFloorNs;
    private int _anchorCount;
    private bool _haveCounter;
    private bool _counterNeedsSnap;
    private long _counterTicks;
    private ushort _lastRawTimestamp;
    private long _virtualOffsetTicks;
    private bool _haveLastU;
    private long _lastU;
    private long _sequence;
    private bool _ignoreNextFsync;

    /// <summary>Checks WHO_AM_I; <see cref="FifoImu.StartStreaming"/> then resets and configures the chip.</summary>
    /// <exception cref="ImuStartException">The chip does not answer (the message has the errno, bus and i2cdetect hint).</exception>
    /// <exception cref="ImuIdentityException">Another chip answers at the address.</exception>
    public Icm42688Imu(I2cDevice device, Icm42688Options? options = null)
        : base(device, options ??= new Icm42688Options(), Model)
    {
        _options = options;
        _lsbPerDps = Sensitivity(options.GyroRange);
        OutputDataRateHz = RateHz(options.OutputDataRate);
        _periodNs = (long)Math.Round(1e9 / OutputDataRateHz);
        // A 16-bit counter of 32/30 µs ticks wraps every 69.9 ms; below 50 Hz two samples would span a wrap.
        _coarseTimestamps = _periodNs > 30_000_000;
        _tickNumerator = _coarseTimestamps ? 16 * 16_000 : 16_000;
        _watermarkPackets = (int)Math.Clamp(Math.Round(OutputDataRateHz * options.BatchPeriod.TotalSeconds), 1, MaxPackets / 2);
        CheckIdentity();
    }

    public override double OutputDataRateHz { get; }

    /// <summary>The FIFO watermark in packets (samples): the batch the reader collects.</summary>
    public int WatermarkSamples => _watermarkPackets;

    private protected override double FullScaleDps => 2000.0 / (1 << (int)_options.GyroRange);

    private protected override long SamplePeriodNs => _periodNs;

    /// <summary>Sensitivity in LSB per dps for a range (DS-000347 Table 1).</summary>
    internal static double Sensitivity(Icm42688GyroRange range) => range switch
    {
        Icm42688GyroRange.Dps2000 => 16.4,
        Icm42688GyroRange.Dps1000 => 32.8,
        Icm42688GyroRange.Dps500 => 65.5,
        Icm42688GyroRange.Dps250 => 131,
        Icm42688GyroRange.Dps125 => 262,
        Icm42688GyroRange.Dps62Point5 => 524.3,
        Icm42688GyroRange.Dps31Point25 => 1048.6,
        _ => 2097.2,
    };

    internal static double RateHz(Icm42688OutputDataRate rate) => rate switch
    {
        Icm42688OutputDataRate.Hz32000 => 32000,
        Icm42688OutputDataRate.Hz16000 => 16000,
        Icm42688OutputDataRate.Hz8000 => 8000,
        Icm42688OutputDataRate.Hz4000 => 4000,
        Icm42688OutputDataRate.Hz2000 => 2000,
        Icm42688OutputDataRate.Hz1000 => 1000,
        Icm42688OutputDataRate.Hz500 => 500,
        Icm42688OutputDataRate.Hz200 => 200,
        Icm42688OutputDataRate.Hz100 => 100,
        Icm42688OutputDataRate.Hz50 => 50,
        Icm42688OutputDataRate.Hz25 => 25,
        _ => 12.5,
    };

    private protected override void Configure()
    {
        CheckIdentity();

        Step = "soft reset (DEVICE_CONFIG)";
        WriteRegister((byte)Register.DEVICE_CONFIG, Bits.DeviceConfigSoftReset);
        Clock.Delay(SoftResetNs);
        Step = "checking RESET_DONE (INT_STATUS)";
        var status = ReadRegister((byte)Register.INT_STATUS);
        if ((status & Bits.IntStatusResetDone) == 0)
        {
            throw new ImuStartException(Description, Step,
                $"INT_STATUS is 0x{status:X2} 1 ms after a soft reset; expected RESET_DONE (bit 4) set. The chip did not reset: power-cycle the IMU and check its supply.");
        }

        if (_options.FsyncTagging)
        {
            // FSYNC shares pin 9 with INT2; route it to FSYNC in bank 1 (as TDK's eMD reset sequence does).
            Step = "routing pin 9 to FSYNC (bank 1 INTF_CONFIG5)";
            WriteRegister((byte)Register.REG_BANK_SEL, 1);
            var pin9 = ReadRegister((byte)Register.INTF_CONFIG5_BANK1);
            WriteRegister((byte)Register.INTF_CONFIG5_BANK1, (byte)((pin9 & ~Bits.Pin9FunctionMask) | Bits.Pin9Fsync));
            WriteRegister((byte)Register.REG_BANK_SEL, 0);
        }

        Step = "configuring interrupts";
        WriteRegister((byte)Register.INT_CONFIG, Bits.IntConfigPulsedPushPullActiveHigh);
        var intConfig1 = ReadRegister((byte)Register.INT_CONFIG1);
        // INT_ASYNC_RESET must be cleared for the INT pins to behave (DS-000347 INT_CONFIG1 note); at
        // 4 kHz and above the pulse must be 8 µs with de-assertion disabled, or pulses merge.
        intConfig1 = (byte)(intConfig1 & ~(Bits.IntConfig1AsyncReset | Bits.IntConfig1PulseDuration8Us | Bits.IntConfig1DeassertDisable));
        if (OutputDataRateHz >= 4000)
            intConfig1 |= Bits.IntConfig1PulseDuration8Us | Bits.IntConfig1DeassertDisable;
        WriteRegister((byte)Register.INT_CONFIG1, intConfig1);

        Step = "configuring range and rate (GYRO_CONFIG0, ACCEL_CONFIG0)";
        WriteRegister((byte)Register.GYRO_CONFIG0, GyroConfig0);
        // Accel at the same rate (±16 g) so the FIFO's accel+gyro packets come at one rate, one per sample.
        WriteRegister((byte)Register.ACCEL_CONFIG0, (byte)_options.OutputDataRate);

        Step = "configuring timestamps (TMST_CONFIG)";
        var tmst = ReadRegister((byte)Register.TMST_CONFIG);
        tmst = (byte)(tmst & ~(Bits.TmstEnable | Bits.TmstFsyncEnable | Bits.TmstDelta | Bits.TmstResolution16Us));
        tmst |= Bits.TmstEnable;
        if (_options.FsyncTagging)
            tmst |= Bits.TmstFsyncEnable;
        if (_coarseTimestamps)
            tmst |= Bits.TmstResolution16Us;
        WriteRegister((byte)Register.TMST_CONFIG, tmst);

        Step = "configuring the FIFO";
        WriteRegister((byte)Register.FIFO_CONFIG, Bits.FifoModeBypass);
        WriteRegister((byte)Register.FIFO_CONFIG1, FifoConfig1);
        var watermarkBytes = _watermarkPackets * PacketBytes;
        WriteRegister((byte)Register.FIFO_CONFIG2, (byte)watermarkBytes);
        WriteRegister((byte)Register.FIFO_CONFIG3, (byte)(watermarkBytes >> 8));
        if (_options.FsyncTagging)
            WriteRegister((byte)Register.FSYNC_CONFIG, Bits.FsyncTagTemperatureRisingEdge);
        WriteRegister((byte)Register.INT_SOURCE0, _options.InterruptLine is null ? (byte)0 : Bits.IntSource0FifoThresholdInt1);

        Step = "powering the gyro and accelerometer (PWR_MGMT0)";
        WriteRegister((byte)Register.PWR_MGMT0, Bits.PowerGyroAndAccelLowNoise);
        Clock.Delay(PowerModeSettleNs);
        // Data in the first 60 ms is not valid; the FIFO stays in bypass until the gyro has started.
        Clock.Delay(GyroStartupNs - PowerModeSettleNs);

        Step = "starting the FIFO (stream mode)";
        WriteRegister((byte)Register.FIFO_CONFIG, Bits.FifoModeStream);
        WriteRegister((byte)Register.SIGNAL_PATH_RESET, Bits.FifoFlush);
        // The first FIFO_COUNT read after a reset returns 0 (inv_icm42600_buffer.c): spend it here, and
        // clear INT_STATUS bits left from start-up in the same burst.
        ReadRegisters((byte)Register.INT_STATUS, _statusAndCount);
        DiscardEdges();
        Step = "streaming";
    }

    private protected override void ResetStreamState()
    {
        _haveCounter = false;
        _counterNeedsSnap = false;
        _virtualOffsetTicks = 0;
        _ignoreNextFsync = true;
        _historyCount = 0;
        _historyFloorNs = Clock.NowNs;
        _anchorCount = 0;
        _haveLastU = false;
    }

    private protected override void OnFifoFlushed()
    {
        // The timestamp counter keeps running through a flush: the next packet is unwrapped against the
        // timeline's prediction instead of the previous packet.
        _counterNeedsSnap = _haveCounter;
        _historyCount = 0;
        _historyFloorNs = Clock.NowNs;
        _anchorCount = 0;
    }

    private protected override void DiscardFifo() => WriteRegister((byte)Register.SIGNAL_PATH_RESET, Bits.FifoFlush);

    private protected override bool ConfigurationIntact()
    {
        ReadRegisters((byte)Register.PWR_MGMT0, _power);
        var fifoMode = ReadRegister((byte)Register.FIFO_CONFIG);
        return _power[0] == Bits.PowerGyroAndAccelLowNoise && _power[1] == GyroConfig0 && fifoMode == Bits.FifoModeStream;
    }

    private protected override void PowerDown()
    {
        WriteRegister((byte)Register.FIFO_CONFIG, Bits.FifoModeBypass);
        WriteRegister((byte)Register.INT_SOURCE0, 0);
        WriteRegister((byte)Register.PWR_MGMT0, 0);
    }

    private protected override int ReadCycle(Span<ImuSample> destination)
    {
        DrainEdges();
        var countStart = Clock.NowNs;
        // INT_STATUS, FIFO_COUNTH, FIFO_COUNTL are adjacent: one burst reads status and count together.
        ReadRegisters((byte)Register.INT_STATUS, _statusAndCount);
        var countEnd = Clock.NowNs;
        var status = _statusAndCount[0];

        if ((status & Bits.IntStatusResetDone) != 0)
        {
            // RESET_DONE outside our own reset: the chip lost power or was reset; configure it again.
            RequestReinitialization();
            return 0;
        }
        if ((status & Bits.IntStatusFifoFull) != 0)
        {
            CountOverflow();
            FlushFifo();
            return 0;
        }

        var available = BinaryPrimitives.ReadUInt16BigEndian(_statusAndCount.AsSpan(1)) / PacketBytes;
        if (available == 0)
            return 0;
        var count = Math.Min(Math.Min(available, destination.Length), MaxPackets);

        var dataStart = Clock.NowNs;
        ReadFifo((byte)Register.FIFO_DATA, _fifo.AsSpan(0, count * PacketBytes), PacketBytes);
        var dataEnd = Clock.NowNs;

        var valid = CountValidPackets(count);
        if (valid > 0)
        {
            AssignImuTimes(valid, available, countStart, countEnd);
            // The newest counted packet existed when FIFO_COUNT was latched and its successor did not;
            // an older one (the caller's buffer was short) sits whole periods before it.
            var older = available - valid;
            Timeline.Observe(_packetU[valid - 1], countStart - (older + 1) * _periodNs, countEnd - older * _periodNs);
            PlaceEdges(dataStart);
            ResolveAnchors(valid);
            Deliver(destination, valid);
            AddHistory(_sequence - valid, valid, dataStart, dataEnd);
        }
        if (valid < count)
        {
            // A packet without the accel+gyro header: the stream lost alignment (or a partial packet
            // was re-read). Everything after it is suspect; start clean.
            FlushFifo();
        }
        return valid;
    }

    private byte GyroConfig0 => (byte)(((byte)_options.GyroRange << 5) | (byte)_options.OutputDataRate);

    private byte FifoConfig1 => (byte)(Bits.FifoAccel | Bits.FifoGyro | Bits.FifoTemperature | (_options.FsyncTagging ? Bits.FifoTimestampFsync : 0));

    private void CheckIdentity()
    {
        Step = "reading WHO_AM_I";
        byte found;
        try
        {
            found = ReadRegister((byte)Register.WHO_AM_I);
            if (found != Bits.WhoAmIValue)
            {
                // Another process may have left a different register bank selected; WHO_AM_I is in bank 0.
                WriteRegister((byte)Register.REG_BANK_SEL, 0);
                found = ReadRegister((byte)Register.WHO_AM_I);
            }
        }
        catch (I2cTransferException e) when (State == ImuState.Stopped)
        {
            throw new ImuStartException(Description, Step, e);
        }
        if (found != Bits.WhoAmIValue)
        {
            throw new ImuIdentityException(
                $"Expected WHO_AM_I 0x{Bits.WhoAmIValue:X2} ({Model}) at 0x{Device.Address:X2} on {Device.Bus.Name}, found 0x{found:X2}{ImuIdentityException.Guess(found)}. "
                + "Check the configured IMU model, the address strap (AP_AD0 low: 0x68, high: 0x69) and that no other chip answers at that address.",
                Bits.WhoAmIValue, found);
        }
    }

    private int CountValidPackets(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var header = _fifo[i * PacketBytes];
            const byte required = Bits.HeaderAccel | Bits.HeaderGyro | Bits.HeaderTimestamp;
            if ((header & (Bits.HeaderMsg | Bits.Header20Bit)) != 0 || (header & required) != required)
                return i;
        }
        return count;
    }

    private static bool IsFsyncTagged(byte header) =>
        (header & (Bits.HeaderTimestamp | Bits.HeaderFsync)) == (Bits.HeaderTimestamp | Bits.HeaderFsync);

    private void AssignImuTimes(int count, int available, long countStart, long countEnd)
    {
        // Where the timeline expects the newest counted packet, for unwrapping across flushes and resets.
        var newestMono = (countStart - _periodNs + countEnd) / 2;
        for (var i = 0; i < count; i++)
        {
            var offset = i * PacketBytes;
            _packetHasU[i] = false;
            if (IsFsyncTagged(_fifo[offset]))
                continue; // Its timestamp field holds the FSYNC delay instead (TDK eMD helperClockCalib.c).

            var raw = BinaryPrimitives.ReadUInt16BigEndian(_fifo.AsSpan(offset + 14));
            if (_haveCounter && !_counterNeedsSnap)
            {
                _counterTicks += (ushort)(raw - _lastRawTimestamp);
            }
            else if (Timeline.IsAnchored)
            {
                var predictedTicks = ToTicks(Timeline.ToImuTime(newestMono - (available - 1 - i) * _periodNs));
                if (_haveCounter)
                {
                    // Counter kept running (a flush): take the unwrap that lands nearest the prediction.
                    _counterTicks = Snap(raw, predictedTicks - _virtualOffsetTicks);
                }
                else
                {
                    // Counter restarted (chip reset): continue the IMU time axis where the prediction says.
                    _counterTicks = raw;
                    _virtualOffsetTicks = predictedTicks - raw;
                }
            }
            else
            {
                _counterTicks = raw;
                _virtualOffsetTicks = 0;
            }
            _lastRawTimestamp = raw;
            _haveCounter = true;
            _counterNeedsSnap = false;
            _packetU[i] = (_counterTicks + _virtualOffsetTicks) * _tickNumerator / 15;
            _packetHasU[i] = true;
        }

        // FSYNC-tagged packets sit one period after their predecessor (or before their successor).
        for (var i = 0; i < count; i++)
        {
            if (_packetHasU[i])
                continue;
            if (i > 0)
            {
                _packetU[i] = _packetU[i - 1] + _periodNs;
            }
            else if (_haveLastU && !GapPending)
            {
                _packetU[i] = _lastU + _periodNs;
            }
            else
            {
                var next = i + 1;
                while (next < count && !_packetHasU[next])
                    next++;
                _packetU[i] = next < count
                    ? _packetU[next] - (next - i) * _periodNs
                    : Timeline.IsAnchored ? Timeline.ToImuTime(newestMono - (available - 1 - i) * _periodNs) : countStart;
            }
            _packetHasU[i] = true;
        }
    }

    private long ToTicks(long imuNs) => imuNs * 15 / _tickNumerator;

    private static long Snap(ushort raw, long predicted)
    {
        var candidate = (predicted & ~0xFFFFL) | raw;
        if (candidate - predicted > 0x8000)
            candidate -= 0x10000;
        else if (predicted - candidate > 0x8000)
            candidate += 0x10000;
        return candidate;
    }

    /// <summary>Turns the watermark edges seen since the last cycle into (sample sequence, time) anchors.</summary>
    private void PlaceEdges(long currentDataStart)
    {
        var edges = PendingEdges;
        foreach (var edge in edges)
        {
            if (edge <= _historyFloorNs)
                continue;
            long head = -1;
            var ambiguous = false;
            for (var j = 0; j < _historyCount; j++)
            {
                if (edge <= _history[j].DataStartNs)
                {
                    head = _history[j].FirstSequence;
                    break;
                }
                if (edge <= _history[j].DataEndNs)
                {
                    // The count crossed the watermark while a burst was popping packets: head unknown.
                    ambiguous = true;
                    break;
                }
            }
            if (ambiguous)
                continue;
            if (head < 0 && edge <= currentDataStart)
                head = _sequence;
            if (head < 0 || _anchorCount == _anchorSequence.Length)
                continue;
            _anchorSequence[_anchorCount] = head + _watermarkPackets - 1;
            _anchorMono[_anchorCount] = edge;
            _anchorCount++;
        }
        ConsumeEdges(edges.Length);
    }

    private void ResolveAnchors(int batch)
    {
        var firstInBatch = _sequence;
        var kept = 0;
        for (var a = 0; a < _anchorCount; a++)
        {
            var sequence = _anchorSequence[a];
            long u;
            if (sequence >= firstInBatch + batch)
            {
                // Not read yet (the caller's buffer was smaller than the FIFO): keep for the next cycle.
                _anchorSequence[kept] = sequence;
                _anchorMono[kept] = _anchorMono[a];
                kept++;
                continue;
            }
            if (sequence >= firstInBatch)
                u = _packetU[sequence - firstInBatch];
            else if (firstInBatch - sequence <= UHistoryMask)
                u = _uBySequence[sequence & UHistoryMask];
            else
                continue;
            Timeline.Observe(u, _anchorMono[a], _anchorMono[a]);
            CountInterruptAnchor();
        }
        _anchorCount = kept;
    }

    private void Deliver(Span<ImuSample> destination, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var packet = _fifo.AsSpan(i * PacketBytes, PacketBytes);
            var x = BinaryPrimitives.ReadInt16BigEndian(packet[7..]);
            var y = BinaryPrimitives.ReadInt16BigEndian(packet[9..]);
            var z = BinaryPrimitives.ReadInt16BigEndian(packet[11..]);
            var u = _packetU[i];
            var timestamp = Timeline.ToMonotonic(u);

            if (GapPending)
            {
                var lost = GapWithChipReset || !_haveLastU
                    ? EstimateLostByTime(timestamp)
                    : (long)Math.Round((double)(u - _lastU) / _periodNs) - 1;
                CountLost(lost);
            }

            var flags = ClassifyRaw(x, y, z) | TakeGapFlags();
            if (x == short.MinValue || y == short.MinValue || z == short.MinValue)
                flags |= ImuSampleFlags.Invalid;

            var fsyncDelay = 0;
            if (IsFsyncTagged(packet[0]))
            {
                // The first FSYNC tag after the sensors are enabled is not a real edge (TDK eMD:
                // "First FSYNC event after enable is irrelevant").
                if (!_ignoreNextFsync)
                {
                    flags |= ImuSampleFlags.FsyncTagged;
                    fsyncDelay = (int)(BinaryPrimitives.ReadUInt16BigEndian(packet[14..]) * _tickNumerator / 15);
                }
            }
            _ignoreNextFsync = false;

            destination[i] = new ImuSample(
                Monotonic(timestamp),
                ToRadiansPerSecond(x, _lsbPerDps),
                ToRadiansPerSecond(y, _lsbPerDps),
                ToRadiansPerSecond(z, _lsbPerDps),
                flags,
                fsyncDelay);

            _uBySequence[_sequence & UHistoryMask] = u;
            _sequence++;
            _lastU = u;
            _haveLastU = true;
        }
    }

    private void AddHistory(long firstSequence, int count, long dataStart, long dataEnd)
    {
        if (_historyCount == HistoryCapacity)
        {
            _historyFloorNs = _history[0].DataEndNs;
            Array.Copy(_history, 1, _history, 0, HistoryCapacity - 1);
            _historyCount--;
        }
        _history[_historyCount++] = new ReadRecord(firstSequence, count, dataStart, dataEnd);
    }

    /// <summary>One FIFO burst: which packets it popped, and when the popping may have happened.</summary>
    private readonly record struct ReadRecord(long FirstSequence, int Count, long DataStartNs, long DataEndNs);
}
