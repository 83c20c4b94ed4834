using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.I2c;

namespace GyroEdge.Hardware.Imu;

/// <summary>
/// What every FIFO-read IMU driver shares: the retry, unavailability and in-place recovery policy,
/// statistics, the wire-byte count, stuck-sensor detection, the interrupt-or-poll wait, and the
/// <see cref="SampleTimeline"/> that turns IMU time into CLOCK_MONOTONIC. A chip driver supplies
/// its configuration sequence and one read cycle.
/// </summary>
public abstract class FifoImu : IImu
{
    /// <summary>i2c-dev refuses a message longer than this (drivers/i2c/i2c-dev.c).</summary>
    internal const int MaxI2cMessageBytes = 8192;

    private const double RadiansPerDegree = Math.PI / 180.0;

    private string _chip;
    private readonly GpioLineEvent[] _edgeBuffer = new GpioLineEvent[64];
    private readonly long[] _pendingEdges = new long[256];
    private int _pendingEdgeCount;

    private volatile ImuState _state = ImuState.Stopped;
    private volatile Exception? _lastFault;
    private bool _disposed;
    private SampleTimeline? _timeline;

    private long _samplesRead;
    private long _samplesLost;
    private long _fifoOverflows;
    private long _busErrors;
    private long _retries;
    private long _recoveries;
    private long _bytesOnWire;
    private long _transfers;
    private long _interruptAnchors;

    private long _nextProbeNs;
    private long _probeIntervalNs;
    private long _lastReadNs;
    private long _lastProgressNs;
    private bool _resyncPending;
    private bool _verifyPending;
    private bool _reinitPending;

    private short _lastRawX;
    private short _lastRawY;
    private short _lastRawZ;
    private int _repeats;

    private protected FifoImu(I2cDevice device, ImuOptions options, string chip)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Device = device;
        Options = options;
        Clock = options.Clock;
        _chip = chip;
        _probeIntervalNs = ToNs(options.ProbeInterval);
    }

    public string Description => $"{_chip} at 0x{Device.Address:X2} on {Device.Bus.Name}";

    public abstract double OutputDataRateHz { get; }

    public double FullScaleRadPerSecond => FullScaleDps * RadiansPerDegree;

    public ImuState State => _state;

    public Exception? LastFault => _lastFault;

    public ImuStatistics Statistics => new(
        Volatile.Read(ref _samplesRead),
        Volatile.Read(ref _samplesLost),
        Volatile.Read(ref _fifoOverflows),
        Volatile.Read(ref _busErrors),
        Volatile.Read(ref _retries),
        Volatile.Read(ref _recoveries),
        Volatile.Read(ref _bytesOnWire),
        Volatile.Read(ref _transfers),
        _timeline?.DriftPpm ?? 0,
        Volatile.Read(ref _interruptAnchors));

    /// <summary>How long the driver waits after each failed read cycle before the next try (for tests and logs).</summary>
    internal long RetryBackoffNs => ToNs(Options.RetryBackoff);

    /// <summary>Bytes per FIFO burst; i2c-dev's limit, lowered by tests to exercise chunking.</summary>
    internal int MaxBurstBytes { get; set; } = MaxI2cMessageBytes;

    private protected I2cDevice Device { get; }

    private protected ImuOptions Options { get; }

    private protected IMonotonicClock Clock { get; }

    private protected SampleTimeline Timeline => _timeline ?? throw new InvalidOperationException("The timeline exists once StartStreaming() has run.");

    /// <summary>Full scale in degrees per second, for saturation messages and <see cref="FullScaleRadPerSecond"/>.</summary>
    private protected abstract double FullScaleDps { get; }

    /// <summary>Nominal sample period on the IMU clock, ns.</summary>
    private protected abstract long SamplePeriodNs { get; }

    /// <summary>The chip's name in messages; a family driver refines it once WHO_AM_I says which member answered.</summary>
    private protected string ChipName
    {
        get => _chip;
        set => _chip = value;
    }

    /// <summary>
    /// Whether an interrupt edge means "a batch is waiting" (a FIFO watermark) so the reader wakes on
    /// it; false for per-sample data-ready edges, which only anchor times and the reader polls.
    /// </summary>
    private protected virtual bool InterruptMarksBatch => true;

    /// <summary>What <see cref="StartStreaming"/> is doing now, named in <see cref="ImuStartException"/> messages.</summary>
    private protected string Step { get; set; } = "starting";

    /// <summary>A gap is pending: the next delivered sample gets <see cref="ImuSampleFlags.AfterGap"/>.</summary>
    private protected bool GapPending { get; set; }

    /// <summary>The pending gap came with a chip reset: the IMU time axis restarted.</summary>
    private protected bool GapWithChipReset { get; set; }

    /// <summary>A bus fault happened since the last delivered sample.</summary>
    private protected bool FaultPending { get; set; }

    /// <summary>The timestamp of the last delivered sample (CLOCK_MONOTONIC ns); 0 before the first.</summary>
    private protected long LastTimestampNs { get; set; }

    /// <summary>Interrupt edge timestamps collected (by the wait or a drain) and not yet consumed, oldest first.</summary>
    private protected ReadOnlySpan<long> PendingEdges => _pendingEdges.AsSpan(0, _pendingEdgeCount);

    public void StartStreaming()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_state != ImuState.Stopped)
            return;
        try
        {
            Configure();
        }
        catch (I2cTransferException e)
        {
            _busErrors++;
            throw new ImuStartException(Description, Step, e);
        }
        _timeline = new SampleTimeline(SamplePeriodNs);
        _lastReadNs = _lastProgressNs = Clock.NowNs;
        ResetStreamState();
        _state = ImuState.Streaming;
    }

    public void StopStreaming()
    {
        if (_state == ImuState.Stopped)
            return;
        _state = ImuState.Stopped;
        try
        {
            PowerDown();
        }
        catch (I2cTransferException e)
        {
            // Stopping a chip that is gone is not an error: it is stopped either way.
            _busErrors++;
            _lastFault = e;
        }
    }

    public bool WaitForSamples(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var line = Options.InterruptLine;
        if (line is not null && _state == ImuState.Streaming && InterruptMarksBatch)
        {
            // An edge only comes when the count crosses the watermark; if a read left the FIFO at or
            // above it, none will, so never wait longer than a few batches before reading anyway.
            var cap = TimeSpan.FromTicks(Options.BatchPeriod.Ticks * 4);
            var count = line.ReadEvents(_edgeBuffer, timeout == Timeout.InfiniteTimeSpan || timeout > cap ? cap : timeout);
            StashEdges(count);
            return count > 0;
        }

        var now = Clock.NowNs;
        var due = _state == ImuState.Unavailable ? _nextProbeNs : _lastReadNs + ToNs(Options.BatchPeriod);
        var limit = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : now + ToNs(timeout);
        if (due > limit)
        {
            Clock.Delay(limit - now);
            return false;
        }
        Clock.Delay(due - now);
        return true;
    }

    public int ReadSamples(Span<ImuSample> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_state == ImuState.Stopped)
            throw new InvalidOperationException($"The {Description} is not streaming: call StartStreaming() before ReadSamples().");
        if (destination.IsEmpty)
            return 0;

        if (_state == ImuState.Unavailable && !TryRecover())
            return 0;

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (_reinitPending)
                    Reinitialize();
                else if (_resyncPending || _verifyPending)
                    Resynchronize();

                var count = ReadCycle(destination);
                var now = Clock.NowNs;
                _lastReadNs = now;
                if (_reinitPending)
                {
                    // The cycle found the chip reset behind our back (power glitch): configure it again now.
                    Reinitialize();
                    return 0;
                }
                if (count > 0)
                {
                    _lastProgressNs = now;
                    _samplesRead += count;
                }
                else
                {
                    CheckForStall(now);
                }
                return count;
            }
            catch (IOException e) when (e is ImuIdentityException or ImuStartException)
            {
                // Re-initialising found something else answering, or a reset that never completed:
                // the chip is not usable now, but may be after a power cycle. Keep probing.
                _lastFault = e;
                BecomeUnavailable();
                return 0;
            }
            catch (I2cTransferException e) when (IsTransient(e.Fault))
            {
                _busErrors++;
                _lastFault = e;
                FaultPending = true;
                // A NACK is refused at the address or register byte, before any FIFO byte moves, so
                // the data is intact; anything else may have popped part of a packet: flush.
                if (e.Fault == I2cFault.NoAcknowledge)
                    _verifyPending = true;
                else
                    _resyncPending = true;

                if (attempt >= Options.MaxRetries)
                {
                    BecomeUnavailable();
                    return 0;
                }
                _retries++;
                Clock.Delay(RetryBackoffNs << attempt);
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        StopStreaming();
        _disposed = true;
        GC.SuppressFinalize(this);
    }

    /// <summary>Identity check, reset and the full configuration, ending with the FIFO streaming.</summary>
    private protected abstract void Configure();

    /// <summary>One read cycle: status and count, then the FIFO bytes, parsed into samples with times.</summary>
    private protected abstract int ReadCycle(Span<ImuSample> destination);

    /// <summary>Cheap check, after a fault, that the chip still holds our configuration (it was not power-cycled).</summary>
    private protected abstract bool ConfigurationIntact();

    /// <summary>Empties the FIFO; the next packet starts aligned.</summary>
    private protected abstract void DiscardFifo();

    /// <summary>Puts the sensor to sleep and stops the FIFO.</summary>
    private protected abstract void PowerDown();

    /// <summary>Forgets what the read cycle knows about the stream (unwrap state, read history), after start or re-init.</summary>
    private protected abstract void ResetStreamState();

    /// <summary>Reports samples the chip produced that will never be delivered.</summary>
    private protected void CountLost(long samples)
    {
        if (samples > 0)
            _samplesLost += samples;
    }

    private protected void CountOverflow() => _fifoOverflows++;

    private protected void CountInterruptAnchor() => _interruptAnchors++;

    /// <summary>Asks for a full re-initialisation after this cycle (the chip reported a reset).</summary>
    private protected void RequestReinitialization() => _reinitPending = true;

    /// <summary>Flushes the FIFO and marks the gap: used on overflow and on corrupt packets.</summary>
    private protected void FlushFifo()
    {
        DiscardFifo();
        _pendingEdgeCount = 0;
        GapPending = true;
        OnFifoFlushed();
    }

    /// <summary>Called after every flush so the chip driver can forget its read history.</summary>
    private protected abstract void OnFifoFlushed();

    /// <summary>Estimates samples lost over a gap from host time: the first new sample vs the last delivered one.</summary>
    private protected long EstimateLostByTime(long firstNewSampleMono)
    {
        if (LastTimestampNs == 0)
            return 0;
        var periods = (double)(firstNewSampleMono - LastTimestampNs) / SamplePeriodNs;
        return Math.Max(0, (long)Math.Round(periods) - 1);
    }

    /// <summary>Flags common to every chip, and the gap and fault flags of the first sample after one.</summary>
    private protected ImuSampleFlags ClassifyRaw(short x, short y, short z)
    {
        var flags = ImuSampleFlags.None;
        if (IsAtEndOfRange(x) || IsAtEndOfRange(y) || IsAtEndOfRange(z))
            flags |= ImuSampleFlags.Saturated;

        if (x == _lastRawX && y == _lastRawY && z == _lastRawZ)
        {
            _repeats++;
        }
        else
        {
            _repeats = 0;
            _lastRawX = x;
            _lastRawY = y;
            _lastRawZ = z;
        }
        if (Options.StuckSampleThreshold > 0 && _repeats >= Options.StuckSampleThreshold)
            flags |= ImuSampleFlags.Stuck;
        return flags;
    }

    /// <summary>Applies and clears the pending gap/fault markers; call for each delivered sample in order.</summary>
    private protected ImuSampleFlags TakeGapFlags()
    {
        var flags = ImuSampleFlags.None;
        if (GapPending)
            flags |= ImuSampleFlags.AfterGap;
        if (FaultPending)
            flags |= ImuSampleFlags.AfterFault;
        GapPending = false;
        GapWithChipReset = false;
        FaultPending = false;
        return flags;
    }

    /// <summary>raw LSB → rad/s for a sensitivity in LSB per degree per second.</summary>
    private protected static float ToRadiansPerSecond(short raw, double lsbPerDps) => (float)(raw / lsbPerDps * RadiansPerDegree);

    /// <summary>Keeps delivered times strictly increasing when the fitted line moves back by a few ns between windows.</summary>
    private protected long Monotonic(long timestamp)
    {
        if (timestamp <= LastTimestampNs)
            timestamp = LastTimestampNs + 1;
        LastTimestampNs = timestamp;
        return timestamp;
    }

    /// <summary>Collects edges that arrived since the last call, without waiting.</summary>
    private protected void DrainEdges()
    {
        var line = Options.InterruptLine;
        if (line is null)
            return;
        int count;
        do
        {
            count = line.ReadEvents(_edgeBuffer, TimeSpan.Zero);
            StashEdges(count);
        }
        while (count == _edgeBuffer.Length);
    }

    /// <summary>Removes the first <paramref name="count"/> pending edges (they were used or found stale).</summary>
    private protected void ConsumeEdges(int count)
    {
        count = Math.Min(count, _pendingEdgeCount);
        Array.Copy(_pendingEdges, count, _pendingEdges, 0, _pendingEdgeCount - count);
        _pendingEdgeCount -= count;
    }

    private protected void DiscardEdges()
    {
        DrainEdges();
        _pendingEdgeCount = 0;
    }

    private protected byte ReadRegister(byte register)
    {
        CountTransfer(1, 1);
        return Device.ReadRegister(register);
    }

    private protected void ReadRegisters(byte first, Span<byte> values)
    {
        CountTransfer(1, values.Length);
        Device.ReadRegisters(first, values);
    }

    private protected void WriteRegister(byte register, byte value)
    {
        CountTransfer(2, 0);
        Device.WriteRegister(register, value);
    }

    /// <summary>Reads <paramref name="destination"/> from a FIFO data register in bursts within i2c-dev's message limit.</summary>
    private protected void ReadFifo(byte fifoRegister, Span<byte> destination, int packetSize)
    {
        var chunk = Math.Max(packetSize, MaxBurstBytes / packetSize * packetSize);
        for (var offset = 0; offset < destination.Length; offset += chunk)
        {
            var part = destination.Slice(offset, Math.Min(chunk, destination.Length - offset));
            ReadRegisters(fifoRegister, part);
        }
    }

    private protected static long ToNs(TimeSpan span) => span.Ticks * 100;

    private static bool IsAtEndOfRange(short raw) => raw >= short.MaxValue || raw <= -short.MaxValue;

    private static bool IsTransient(I2cFault fault) => fault switch
    {
        I2cFault.NoAcknowledge or I2cFault.Timeout or I2cFault.ArbitrationLost or I2cFault.Other or I2cFault.Incomplete => true,
        // EBUSY, EINVAL, ENOTTY: a kernel driver owns the chip or the adapter refuses us; retrying cannot help.
        _ => false,
    };

    private void CountTransfer(int writeBytes, int readBytes)
    {
        _transfers++;
        // Each message costs its address byte; a write-read is two messages joined by a repeated START.
        _bytesOnWire += (writeBytes > 0 ? 1 + writeBytes : 0) + (readBytes > 0 ? 1 + readBytes : 0);
    }

    private void StashEdges(int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (_pendingEdgeCount == _pendingEdges.Length)
                ConsumeEdges(_pendingEdges.Length / 2);
            _pendingEdges[_pendingEdgeCount++] = _edgeBuffer[i].TimestampNs;
        }
    }

    private void Resynchronize()
    {
        var verifyOnly = !_resyncPending;
        _resyncPending = false;
        _verifyPending = false;
        if (!ConfigurationIntact())
        {
            Reinitialize();
            return;
        }
        if (!verifyOnly)
            FlushFifo();
    }

    private void Reinitialize()
    {
        _reinitPending = false;
        _resyncPending = false;
        _verifyPending = false;
        Configure();
        Timeline.Rebase();
        ResetStreamState();
        _pendingEdgeCount = 0;
        GapPending = true;
        GapWithChipReset = true;
        _recoveries++;
        _lastProgressNs = Clock.NowNs;
    }

    private bool TryRecover()
    {
        var now = Clock.NowNs;
        if (now < _nextProbeNs)
            return false;
        try
        {
            Reinitialize();
            _state = ImuState.Streaming;
            _probeIntervalNs = ToNs(Options.ProbeInterval);
            return true;
        }
        catch (I2cTransferException e) when (IsTransient(e.Fault))
        {
            _busErrors++;
            _lastFault = e;
        }
        catch (IOException e) when (e is ImuIdentityException or ImuStartException)
        {
            // Something answered but not our chip in our state (a brown-out mid-reset): keep probing.
            _lastFault = e;
        }
        _nextProbeNs = Clock.NowNs + _probeIntervalNs;
        _probeIntervalNs = Math.Min(_probeIntervalNs * 2, ToNs(Options.MaxProbeInterval));
        return false;
    }

    private void BecomeUnavailable()
    {
        _state = ImuState.Unavailable;
        _reinitPending = true;
        _nextProbeNs = Clock.NowNs + _probeIntervalNs;
    }

    private void CheckForStall(long now)
    {
        // No sample for much longer than the FIFO could hold quietly: a power glitch may have reset the
        // chip without one NACK (an MPU-6050 wakes up asleep and simply stops producing).
        var stallNs = Math.Max(100_000_000, 20 * Math.Max(ToNs(Options.BatchPeriod), SamplePeriodNs));
        if (now - _lastProgressNs < stallNs)
            return;
        _lastProgressNs = now;
        if (!ConfigurationIntact())
            Reinitialize();
    }
}
