using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using GyroEdge.Domain.Calibration;
using GyroEdge.Domain.Geometry;
using GyroEdge.Domain.Time;

namespace GyroEdge.Domain.Gyro;

/// <summary>
/// The last few seconds of gyro samples, calibrated into camera axes and camera time, for the
/// frame-motion builders to read. One producer (the IMU thread) appends; any number of
/// consumers copy windows out. The producer never waits: it overwrites the oldest slot and
/// publishes with a release store; a consumer that finds its window overwritten while it was
/// copying (it fell four seconds behind) is told so instead. Nothing is allocated per sample.
/// <para>
/// On append a sample is checked (timestamps strictly increasing, finite values), its gap from
/// the previous one judged, the bias (tracked at rest, <see cref="StillnessBiasTracker"/>)
/// removed, rotated into camera axes and shifted into camera time:
/// ω_camera = R_imu→camera · (ω_imu − bias), t_camera = t_imu + time offset.
/// </para>
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "The gyro stream is the domain's name for it (DESIGN.md, issue 5); it is no System.IO.Stream.")]
public sealed class GyroStream
{
    private readonly GyroSample[] _ring;
    private readonly long _mask;
    private readonly long _gapLimitNs;
    private readonly StillnessBiasTracker _bias;
    private readonly ImuCalibration _calibration;

    // Producer state.
    private long _previousImuTimestampNs = long.MinValue;
    private bool _refusedSinceLastAccepted;

    // Published by the producer, read by consumers: Volatile access only.
    private long _written;
    private long _gaps;
    private long _dropouts;
    private long _saturated;
    private long _refused;

    public GyroStream(GyroStreamOptions options, ImuCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(calibration);
        options.Validate();
        if (!calibration.GyroBias.IsFinite)
            throw new ArgumentException($"The calibrated gyro bias {calibration.GyroBias} is not finite; fix the calibration.", nameof(calibration));

        _calibration = calibration;
        NominalRateHz = options.NominalRateHz;
        // A power of two, so the slot of sample n is n & mask.
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Ceiling(options.NominalRateHz * options.History.TotalSeconds) + 1);
        _ring = new GyroSample[capacity];
        _mask = capacity - 1;
        _gapLimitNs = (long)Math.Round(options.GapFactor * MonotonicTime.NanosecondsPerSecond / options.NominalRateHz);
        _bias = new StillnessBiasTracker(options, calibration.GyroBias);
    }

    public double NominalRateHz { get; }

    /// <summary>Slots in the ring (a power of two at least rate × history).</summary>
    public int Capacity => _ring.Length;

    /// <summary>The step between samples beyond which a gap is flagged.</summary>
    public long GapLimitNs => _gapLimitNs;

    public ImuCalibration Calibration => _calibration;

    /// <summary>Samples accepted since the stream started.</summary>
    public long Count => Volatile.Read(ref _written);

    /// <summary>Gaps flagged (steps longer than <see cref="GapLimitNs"/>).</summary>
    public long Gaps => Volatile.Read(ref _gaps);

    /// <summary>Samples that arrived flagged <see cref="GyroSampleFaults.DropoutBefore"/> (lost samples before them).</summary>
    public long Dropouts => Volatile.Read(ref _dropouts);

    /// <summary>Samples the driver flagged saturated.</summary>
    public long SaturatedSamples => Volatile.Read(ref _saturated);

    /// <summary>Samples refused: timestamp not after the previous one, or a value not finite.</summary>
    public long RefusedSamples => Volatile.Read(ref _refused);

    /// <summary>The current bias estimate in IMU axes. Written by the producer; from another thread a snapshot for display.</summary>
    public AngularVelocity Bias => _bias.Bias;

    /// <summary>Still periods that updated the bias estimate.</summary>
    public long StillPeriods => _bias.StillBlocks;

    /// <summary>The newest sample's camera-time timestamp, or null before the first sample.</summary>
    public long? NewestTimestampNs
    {
        get
        {
            var written = Volatile.Read(ref _written);
            return written == 0 ? null : _ring[(written - 1) & _mask].TimestampNs;
        }
    }

    /// <summary>Appends one sample from the driver (IMU axes, IMU time). Producer thread only; never blocks, never allocates.</summary>
    public void Append(in GyroSample imuSample)
    {
        var t = imuSample.TimestampNs;
        var omega = imuSample.AngularVelocity;
        if (t <= _previousImuTimestampNs || !omega.IsFinite)
        {
            // A clock step backwards or garbage off the bus: keep the ring ordered and finite, and
            // mark the next good sample so the frames around it come out degraded.
            Volatile.Write(ref _refused, _refused + 1);
            _refusedSinceLastAccepted = true;
            return;
        }

        var faults = imuSample.Faults & (GyroSampleFaults.Saturated | GyroSampleFaults.DropoutBefore);
        if (_refusedSinceLastAccepted)
            faults |= GyroSampleFaults.DropoutBefore;
        if (_previousImuTimestampNs != long.MinValue && t - _previousImuTimestampNs > _gapLimitNs)
        {
            faults |= GyroSampleFaults.GapBefore;
            Volatile.Write(ref _gaps, _gaps + 1);
        }
        if ((faults & GyroSampleFaults.DropoutBefore) != 0)
            Volatile.Write(ref _dropouts, _dropouts + 1);
        if ((faults & GyroSampleFaults.Saturated) != 0)
            Volatile.Write(ref _saturated, _saturated + 1);
        _previousImuTimestampNs = t;
        _refusedSinceLastAccepted = false;

        _bias.Observe(omega, faults);
        var camera = _calibration.ToCameraAxes(omega, _bias.Bias);
        var written = _written;
        _ring[written & _mask] = new GyroSample(t + _calibration.TimeOffsetNs, camera, faults);
        // Release: the slot is visible before the count that says it is there.
        Volatile.Write(ref _written, written + 1);
    }

    /// <summary>Appends a batch read from the IMU's FIFO, oldest first.</summary>
    public void Append(ReadOnlySpan<GyroSample> imuSamples)
    {
        foreach (ref readonly var sample in imuSamples)
            Append(in sample);
    }

    /// <summary>
    /// Copies the samples around [<paramref name="startNs"/>, <paramref name="endNs"/>] (camera
    /// time): from the last sample at or before the start through the first one at or after
    /// the end, so the window can be interpolated end to end. Any thread; never blocks the producer.
    /// </summary>
    /// <param name="count">Samples copied; with <see cref="GyroCoverage.DestinationTooSmall"/>, how many are needed.</param>
    public GyroCoverage TryCopyWindow(long startNs, long endNs, Span<GyroSample> destination, out int count)
    {
        if (endNs < startNs)
            throw new ArgumentException($"A window cannot end ({MonotonicTime.Format(endNs)}) before it starts ({MonotonicTime.Format(startNs)}).", nameof(endNs));
        count = 0;

        // The producer overwrites a slot only after publishing every older one, so a copy is
        // good if no slot it read was reused meanwhile; otherwise the producer lapped us (rare:
        // only a consumer seconds behind) and trying again gives the up-to-date answer.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var written = Volatile.Read(ref _written);
            if (written == 0)
                return GyroCoverage.NotYet;
            // The slot of sample `written` may be mid-overwrite already: keep one slot of margin.
            var oldest = Math.Max(0, written - _ring.Length + 1);
            var newest = written - 1;
            if (Slot(newest).TimestampNs < endNs)
                return GyroCoverage.NotYet;
            if (Slot(oldest).TimestampNs > startNs)
            {
                if (Lapped(oldest))
                    continue;
                return GyroCoverage.Evicted;
            }

            var first = LastAtOrBefore(startNs, oldest, newest);
            var last = FirstAtOrAfter(endNs, first, newest);
            var needed = (int)(last - first + 1);
            if (needed > destination.Length)
            {
                count = needed;
                return GyroCoverage.DestinationTooSmall;
            }
            for (long i = first, j = 0; i <= last; i++, j++)
                destination[(int)j] = Slot(i);

            if (!Lapped(first) && Brackets(destination[..needed], startNs, endNs))
            {
                count = needed;
                return GyroCoverage.Covered;
            }
        }
        return GyroCoverage.Evicted;
    }

    private ref readonly GyroSample Slot(long index) => ref _ring[index & _mask];

    /// <summary>Whether the producer may have reused the slot of sample <paramref name="index"/> since we read it.</summary>
    private bool Lapped(long index)
    {
        // Full fence: the slot reads above complete before the count is read again.
        Interlocked.MemoryBarrier();
        return index < Volatile.Read(ref _written) - _ring.Length + 1;
    }

    private static bool Brackets(ReadOnlySpan<GyroSample> copy, long startNs, long endNs)
    {
        if (copy[0].TimestampNs > startNs || copy[^1].TimestampNs < endNs)
            return false;
        for (var i = 1; i < copy.Length; i++)
        {
            if (copy[i].TimestampNs <= copy[i - 1].TimestampNs)
                return false;
        }
        return (copy.Length == 1 || copy[1].TimestampNs > startNs) && (copy.Length == 1 || copy[^2].TimestampNs < endNs);
    }

    private long LastAtOrBefore(long t, long lo, long hi)
    {
        // Invariant: Slot(lo) <= t. Finds the largest index with timestamp <= t.
        while (lo < hi)
        {
            var mid = lo + ((hi - lo + 1) / 2);
            if (Slot(mid).TimestampNs <= t)
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo;
    }

    private long FirstAtOrAfter(long t, long lo, long hi)
    {
        // Invariant: Slot(hi) >= t. Finds the smallest index with timestamp >= t.
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (Slot(mid).TimestampNs >= t)
                hi = mid;
            else
                lo = mid + 1;
        }
        return hi;
    }
}
