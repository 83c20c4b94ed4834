using GyroEdge.Domain.Geometry;
using GyroEdge.Domain.Gyro;
using GyroEdge.Hardware.Imu.Emulation;

namespace GyroEdge.Host.Simulation;

/// <summary>
/// The motion an emulated IMU feels while a recording is replayed: around each presented frame,
/// the recording's own gyro around that frame's recorded exposure, shifted onto the live clock,
/// so the gyro stream sees exactly the motion that blurred the pixels. Samples are interpolated
/// linearly and held at the ends of the log. Called from the IMU reader's thread only.
/// </summary>
public sealed class ReplayGyroTrace : IGyroTrace
{
    private readonly ReplaySchedule _schedule;
    private readonly long[] _timestamps;
    private readonly GyroSample[] _samples;
    private readonly long _timeOffsetNs;
    private int _hint;

    /// <param name="samples">The recording's gyro.csv: IMU axes, IMU time.</param>
    /// <param name="timeOffsetNs">The recording's calibration.time_offset_ns (camera = IMU + offset).</param>
    public ReplayGyroTrace(ReplaySchedule schedule, GyroSample[] samples, long timeOffsetNs)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length < 2)
            throw new InvalidDataException($"The recording's gyro.csv holds {samples.Length} samples; replay needs at least two.");
        _schedule = schedule;
        _samples = samples;
        _timestamps = Array.ConvertAll(samples, s => s.TimestampNs);
        _timeOffsetNs = timeOffsetNs;
    }

    public AngularVelocity At(long timestampNs)
    {
        if (!_schedule.IsStarted)
            return AngularVelocity.Zero;
        var slot = _schedule.SlotAt(timestampNs + _timeOffsetNs);
        var t = timestampNs + _schedule.OffsetNs(slot);
        if (t <= _timestamps[0])
            return _samples[0].AngularVelocity;
        if (t >= _timestamps[^1])
            return _samples[^1].AngularVelocity;
        var i = _hint;
        if (i >= _timestamps.Length - 1 || _timestamps[i] > t || _timestamps[i + 1] < t)
        {
            i = Array.BinarySearch(_timestamps, t);
            if (i < 0)
                i = ~i - 1;
            i = Math.Clamp(i, 0, _timestamps.Length - 2);
        }
        _hint = i;
        var fraction = (double)(t - _timestamps[i]) / (_timestamps[i + 1] - _timestamps[i]);
        var a = _samples[i].AngularVelocity;
        var b = _samples[i + 1].AngularVelocity;
        return a + ((b - a) * fraction);
    }
}
