using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.I2c;
using GyroEdge.Native;

namespace GyroEdge.Hardware.Imu.Emulation;

/// <summary>
/// An IMU emulated at its register interface, standing where the I2C adapter would: it answers
/// transfers with the chip's register semantics (auto-increment bursts, FIFO data registers that
/// pop without incrementing, clear-on-read status), fills its FIFO at the configured output data
/// rate from a <see cref="IGyroTrace"/>, drives an interrupt line, and fails the way hardware
/// does on request. Time comes from an <see cref="IMonotonicClock"/>: a manual clock for tests,
/// the real one for the bench. Samples are produced lazily, on each access, for every ODR
/// instant that has passed, so the emulator needs no thread of its own.
/// </summary>
/// <remarks>Thread-safe: a lock serialises transfers and interrupt reads, as one bus would.</remarks>
public abstract class EmulatedImu : II2cBus
{
    private const int DeliveredCapacity = 1 << 16;

    private readonly Lock _gate = new();
    private readonly Queue<int> _failures = new();
    private readonly List<RegisterWrite> _writes = [];
    private readonly List<string> _violations = [];
    private readonly List<long> _strobes = [];
    private readonly ProducedSample[] _delivered = new ProducedSample[DeliveredCapacity];
    private readonly Random _noise = new(20240329);

    private int _deliveredHead;
    private int _deliveredCount;
    private int _strobeIndex;
    private byte _pointer;
    private bool _plugged = true;
    private bool _transferFailing;

    private bool _running;
    private long _phaseStartNs;
    private long _periodNs;
    private long _samplesSincePhase;
    private long _sequence;
    private long _lastSampleNs;
    private bool _haveLastRaw;
    private short _lastX;
    private short _lastY;
    private short _lastZ;
    private long _emulationTicks;

    private protected EmulatedImu(string name, ushort address, IMonotonicClock clock, IGyroTrace trace, int fifoCapacity, int smallestRecord)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(trace);
        Name = name;
        Address = address;
        Clock = clock;
        Trace = trace;
        Fifo = new EmulatedFifo(fifoCapacity, smallestRecord);
        InterruptLine = new EmulatedInterruptLine(this, name + " INT");
    }

    /// <summary>How messages name the bus, e.g. "emulated ICM-42688-P".</summary>
    public string Name { get; }

    /// <summary>The 7-bit address the chip answers at; other addresses NACK.</summary>
    public ushort Address { get; }

    public IMonotonicClock Clock { get; }

    /// <summary>The motion the chip feels; may be swapped between samples.</summary>
    public IGyroTrace Trace { get; set; }

    /// <summary>
    /// The chip oscillator's error against CLOCK_MONOTONIC, ppm: at +200 the output data rate and
    /// the timestamp counter run 200 ppm fast. Set it before the sensor starts.
    /// </summary>
    public double ClockErrorPpm { get; set; }

    /// <summary>
    /// With a <see cref="ManualMonotonicClock"/>, advance time by each transfer's duration on a bus
    /// of this SCL frequency (9 clocks per byte), so reads take the time they would on the wire.
    /// Null: transfers take no time.
    /// </summary>
    public double? BusClockHz { get; set; }

    /// <summary>The errno a NACK raises: EREMOTEIO as Tegra's i2c driver returns, or ENXIO by convention.</summary>
    public int NackErrno { get; set; } = Errno.EREMOTEIO;

    /// <summary>White noise added to every raw axis, standard deviation in LSB (0: exact quantised trace).</summary>
    public double NoiseLsb { get; set; }

    /// <summary>Fault: the sensor repeats its last raw reading forever.</summary>
    public bool StuckSensor { get; set; }

    /// <summary>Fault: every axis reads the top of its range.</summary>
    public bool ForceSaturation { get; set; }

    /// <summary>The chip's interrupt pin as a GPIO line: edges with the true CLOCK_MONOTONIC instant.</summary>
    public EmulatedInterruptLine InterruptLine { get; }

    public bool IsPlugged
    {
        get
        {
            lock (_gate)
                return _plugged;
        }
    }

    /// <summary>Samples written into the FIFO since construction.</summary>
    public long SamplesProduced { get; private set; }

    /// <summary>Samples lost inside the chip because the FIFO was full.</summary>
    public long SamplesLostToOverflow => Fifo.OverflowedRecords;

    /// <summary>Samples thrown away by FIFO flushes and resets.</summary>
    public long SamplesFlushed { get; private set; }

    /// <summary>Bytes on the wire for every transfer, address bytes included.</summary>
    public long BytesOnWire { get; private set; }

    public long Transfers { get; private set; }

    /// <summary>Bytes waiting in the FIFO now.</summary>
    public int FifoLevelBytes
    {
        get
        {
            lock (_gate)
            {
                CatchUpLocked();
                return Fifo.Count;
            }
        }
    }

    /// <summary>CPU time spent inside the emulator (Stopwatch ticks), so a bench can tell it from the driver's.</summary>
    public long EmulationTicks => Volatile.Read(ref _emulationTicks);

    /// <summary>Every register write, in order.</summary>
    public IReadOnlyList<RegisterWrite> Writes
    {
        get
        {
            lock (_gate)
                return [.. _writes];
        }
    }

    /// <summary>Datasheet timing rules the host broke (a write too soon after power-up, an access during reset).</summary>
    public IReadOnlyList<string> TimingViolations
    {
        get
        {
            lock (_gate)
                return [.. _violations];
        }
    }

    /// <summary>Keep the ground truth of every sample handed over the bus, for <see cref="TakeDelivered"/>.</summary>
    public bool RecordDeliveries { get; set; }

    private protected EmulatedFifo Fifo { get; }

    private protected long NowNs => Clock.NowNs;

    /// <summary>
    /// After <paramref name="skip"/> good transfers, the next <paramref name="count"/> fail with
    /// <paramref name="errno"/>: ENXIO or EREMOTEIO is a NACK (nothing moves), ETIMEDOUT a bus that
    /// hangs mid-read (half the bytes were clocked out of the chip first), EBUSY a kernel driver
    /// owning the address.
    /// </summary>
    public void FailNextTransfers(int count, int errno, int skip = 0)
    {
        lock (_gate)
        {
            for (var i = 0; i < skip; i++)
                _failures.Enqueue(0);
            for (var i = 0; i < count; i++)
                _failures.Enqueue(errno);
        }
    }

    /// <summary>The chip loses power: every transfer NACKs, nothing is sampled, the FIFO is gone.</summary>
    public void Unplug()
    {
        lock (_gate)
        {
            CatchUpLocked();
            _plugged = false;
            SamplesFlushed += Fifo.Clear();
            _running = false;
        }
    }

    /// <summary>Power returns: registers at their reset values, as after a power cycle.</summary>
    public void Replug()
    {
        lock (_gate)
        {
            if (_plugged)
                return;
            _plugged = true;
            PowerOnReset(NowNs);
        }
    }

    /// <summary>A camera strobe edge on FSYNC at <paramref name="timestampNs"/>; the first sample after it is tagged.</summary>
    public void AddFsyncStrobe(long timestampNs)
    {
        lock (_gate)
        {
            var index = _strobes.BinarySearch(timestampNs);
            _strobes.Insert(index < 0 ? ~index : index, timestampNs);
        }
    }

    /// <summary>Moves ground truth for delivered samples, oldest first, into <paramref name="destination"/>.</summary>
    public int TakeDelivered(Span<ProducedSample> destination)
    {
        lock (_gate)
        {
            var count = Math.Min(destination.Length, _deliveredCount);
            for (var i = 0; i < count; i++)
            {
                destination[i] = _delivered[_deliveredHead];
                _deliveredHead = (_deliveredHead + 1) % DeliveredCapacity;
            }
            _deliveredCount -= count;
            return count;
        }
    }

    /// <summary>A register's current value, without the side effects a bus read would have.</summary>
    public byte PeekRegister(byte register, int bank = 0)
    {
        lock (_gate)
        {
            CatchUpLocked();
            return Peek(register, bank);
        }
    }

    public void WriteRead(ushort address, ReadOnlySpan<byte> write, Span<byte> read)
    {
        if (write.IsEmpty && read.IsEmpty)
            throw new ArgumentException("An I2C transfer needs bytes to write, bytes to read, or both.");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var wireBytes = (write.IsEmpty ? 0 : 1 + write.Length) + (read.IsEmpty ? 0 : 1 + read.Length);
        try
        {
            lock (_gate)
            {
                Transfers++;
                BytesOnWire += wireBytes;
                var now = NowNs;
                if (!_plugged || address != Address)
                {
                    AdvanceBusTime(1);
                    throw Nack(address, write.Length, read.Length);
                }
                if (_failures.TryDequeue(out var errno) && errno != 0)
                {
                    AdvanceFailedTransfer();
                    throw Fail(address, errno, write, read);
                }
                if (!Accessible(now))
                {
                    AdvanceFailedTransfer();
                    throw Nack(address, write.Length, read.Length);
                }

                // With a timed bus, each byte takes its 9 clocks: the chip sees a written value at the
                // end of its byte and shifts a read value out at the start of its byte, so a count read
                // latches a little after the transfer began, as on the wire.
                CatchUpLocked();
                if (!write.IsEmpty)
                {
                    _pointer = write[0];
                    AdvanceBusTime(2);
                    foreach (var value in write[1..])
                    {
                        AdvanceBusTime(1);
                        _writes.Add(new RegisterWrite(CurrentBank, _pointer, value, NowNs));
                        WriteRegister(_pointer, value);
                        _pointer++;
                    }
                }
                if (!read.IsEmpty)
                {
                    AdvanceBusTime(1);
                    BeginRead();
                    for (var i = 0; i < read.Length; i++)
                    {
                        CatchUpLocked();
                        read[i] = ReadRegister(_pointer);
                        if (!HoldsPointer(_pointer))
                            _pointer++;
                        AdvanceBusTime(1);
                    }
                    EndRead();
                }
            }
        }
        finally
        {
            Interlocked.Add(ref _emulationTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
        }
    }

    public void Write(ushort address, ReadOnlySpan<byte> write)
    {
        if (write.IsEmpty)
            throw new ArgumentException("An I2C write needs at least one byte (the register number).", nameof(write));
        WriteRead(address, write, []);
    }

    /// <summary>Produces every sample whose instant has passed. Called by every access and by the interrupt line.</summary>
    internal void CatchUp()
    {
        lock (_gate)
            CatchUpLocked();
    }

    /// <summary>When the interrupt line will next fire if nothing else happens; <see cref="long.MaxValue"/> when never.</summary>
    internal long NextInterruptTimeNs()
    {
        lock (_gate)
        {
            CatchUpLocked();
            return _plugged && _running ? NextInterruptLocked() : long.MaxValue;
        }
    }

    internal Lock Gate => _gate;

    /// <summary>The register bank selected now (0 on chips without banks).</summary>
    private protected virtual int CurrentBank => 0;

    /// <summary>The instant the next sample is due, CLOCK_MONOTONIC.</summary>
    private protected long NextSampleNs =>
        _phaseStartNs + (long)Math.Round((_samplesSincePhase + 1) * (double)_periodNs / (1 + ClockErrorPpm * 1e-6));

    private protected long LastSampleNs => _lastSampleNs;

    /// <summary>When the sample <paramref name="ahead"/> places from now is due (1 is <see cref="NextSampleNs"/>).</summary>
    private protected long SampleDueNs(long ahead) =>
        _phaseStartNs + (long)Math.Round((_samplesSincePhase + ahead) * (double)_periodNs / (1 + ClockErrorPpm * 1e-6));

    /// <summary>Chip-oscillator nanoseconds elapsed between two monotonic instants.</summary>
    private protected long ChipElapsedNs(long fromMono, long toMono) => (long)Math.Floor((toMono - fromMono) * (1 + ClockErrorPpm * 1e-6));

    private protected abstract byte Peek(byte register, int bank);

    private protected abstract byte ReadRegister(byte register);

    private protected abstract void WriteRegister(byte register, byte value);

    /// <summary>Whether a burst stays on this register (a FIFO data port) instead of moving to the next.</summary>
    private protected abstract bool HoldsPointer(byte register);

    private protected virtual void BeginRead()
    {
    }

    private protected virtual void EndRead()
    {
    }

    /// <summary>Whether the chip answers now (not mid-reset).</summary>
    private protected virtual bool Accessible(long now) => true;

    /// <summary>Registers to their reset values, FIFO empty, sensors off.</summary>
    private protected abstract void PowerOnReset(long now);

    /// <summary>Takes one sample at <paramref name="timestampNs"/>: FIFO, status bits, interrupt edges.</summary>
    private protected abstract void ProduceSample(long timestampNs, long sequence);

    /// <summary>When this chip's enabled interrupt sources will next raise the pin (called while running).</summary>
    private protected abstract long NextInterruptLocked();

    /// <summary>(Re)starts the sample clock at now with <paramref name="periodNs"/> (chip time), or stops it.</summary>
    private protected void SetSampleClock(bool running, long periodNs)
    {
        if (running == _running && periodNs == _periodNs)
            return;
        _running = running;
        _periodNs = periodNs;
        _phaseStartNs = NowNs;
        _samplesSincePhase = 0;
        _lastSampleNs = NowNs;
    }

    /// <summary>Writes a record into the FIFO, counting it produced; false when the chip refused it (stop-on-full).</summary>
    private protected bool WriteFifo(ReadOnlySpan<byte> record, in ProducedSample truth, FifoOverflowPolicy policy, out bool overflowed)
    {
        SamplesProduced++;
        return Fifo.Write(record, truth, policy, out overflowed);
    }

    private protected void FlushFifo() => SamplesFlushed += Fifo.Clear();

    /// <summary>Pops one FIFO byte, recording the sample whose last byte it was.</summary>
    private protected byte PopFifo()
    {
        var value = Fifo.Pop(out var completed);
        // Bytes clocked out by a transfer that then failed never reach the host: not delivered.
        if (completed is { } sample && RecordDeliveries && !_transferFailing)
        {
            if (_deliveredCount == DeliveredCapacity)
            {
                _deliveredHead = (_deliveredHead + 1) % DeliveredCapacity;
                _deliveredCount--;
            }
            _delivered[(_deliveredHead + _deliveredCount) % DeliveredCapacity] = sample;
            _deliveredCount++;
        }
        return value;
    }

    /// <summary>
    /// The trace at <paramref name="timestampNs"/> as the chip's ADC would report it: rad/s to LSB at
    /// <paramref name="lsbPerDps"/>, rounded, clipped to [<paramref name="minimum"/>, 32767], with the
    /// stuck, saturation and noise faults applied.
    /// </summary>
    private protected (short X, short Y, short Z) RawGyro(long timestampNs, double lsbPerDps, short minimum)
    {
        if (StuckSensor && _haveLastRaw)
            return (_lastX, _lastY, _lastZ);
        if (ForceSaturation)
            return Remember(short.MaxValue, short.MaxValue, short.MaxValue);
        var w = Trace.At(timestampNs);
        var scale = lsbPerDps * 180.0 / Math.PI;
        return Remember(Quantise(w.X * scale, minimum), Quantise(w.Y * scale, minimum), Quantise(w.Z * scale, minimum));
    }

    /// <summary>The most recent strobe in (previous sample, this sample], consuming every strobe up to this sample.</summary>
    private protected bool TakeFsyncStrobe(long previousNs, long timestampNs, out long strobeNs)
    {
        strobeNs = 0;
        var found = false;
        while (_strobeIndex < _strobes.Count && _strobes[_strobeIndex] <= timestampNs)
        {
            if (_strobes[_strobeIndex] > previousNs)
            {
                strobeNs = _strobes[_strobeIndex];
                found = true;
            }
            _strobeIndex++;
        }
        return found;
    }

    private protected void RaiseInterrupt(long timestampNs, GpioEdge edge) => InterruptLine.Raise(timestampNs, edge);

    private protected void Violation(string what) => _violations.Add($"{(NowNs / 1e6):F3} ms: {what}");

    private void CatchUpLocked()
    {
        if (!_plugged)
            return;
        var now = NowNs;
        while (_running)
        {
            var due = NextSampleNs;
            if (due > now)
                break;
            _samplesSincePhase++;
            ProduceSample(due, _sequence++);
            _lastSampleNs = due;
        }
    }

    private short Quantise(double lsb, short minimum)
    {
        if (NoiseLsb > 0)
        {
            // Box-Muller; the generator is seeded so runs repeat.
            var u1 = 1.0 - _noise.NextDouble();
            var u2 = _noise.NextDouble();
            lsb += NoiseLsb * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return (short)Math.Clamp(Math.Round(lsb, MidpointRounding.AwayFromZero), minimum, short.MaxValue);
    }

    private (short, short, short) Remember(short x, short y, short z)
    {
        _haveLastRaw = true;
        _lastX = x;
        _lastY = y;
        _lastZ = z;
        return (x, y, z);
    }

    private I2cTransferException Nack(ushort address, int writeLength, int readLength) =>
        new(Name, address, Operation(address, writeLength, readLength), NackErrno);

    private I2cTransferException Fail(ushort address, int errno, ReadOnlySpan<byte> write, Span<byte> read)
    {
        if (errno == Errno.ETIMEDOUT && !write.IsEmpty && read.Length > 1)
        {
            // A bus that hangs mid-read has already clocked some bytes out of the chip: pop half.
            CatchUpLocked();
            _pointer = write[0];
            _transferFailing = true;
            for (var i = 0; i < read.Length / 2; i++)
            {
                ReadRegister(_pointer);
                if (!HoldsPointer(_pointer))
                    _pointer++;
            }
            _transferFailing = false;
        }
        return new I2cTransferException(Name, address, Operation(address, write.Length, read.Length), errno);
    }

    private void AdvanceBusTime(int wireBytes)
    {
        if (BusClockHz is { } hz && Clock is ManualMonotonicClock manual)
            manual.Advance((long)Math.Round(wireBytes * 9 * 1e9 / hz));
    }

    /// <summary>Time for the transfer's bytes when the chip refuses it part-way (failures are injected after the address byte).</summary>
    private void AdvanceFailedTransfer() => AdvanceBusTime(1);

    private static string Operation(ushort address, int writeLength, int readLength) => (writeLength, readLength) switch
    {
        (> 0, > 0) => $"I2C write-read of 0x{address:X2} ({writeLength} + {readLength} bytes)",
        (> 0, _) => $"I2C write to 0x{address:X2} ({writeLength} bytes)",
        _ => $"I2C read from 0x{address:X2} ({readLength} bytes)",
    };
}
