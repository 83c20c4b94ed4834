using GyroEdge.Domain.Geometry;

namespace GyroEdge.Hardware.Imu.Emulation;

/// <summary>
/// Each axis swings as <c>amplitude · sin(2π f (t − origin) + phase)</c>, with the axes a third of
/// a turn apart so no two are equal: a hand-shake-like motion whose value at any instant is known
/// exactly, for checking values and timestamps together.
/// </summary>
public sealed class SinusoidGyroTrace : IGyroTrace
{
    private readonly double _amplitude;
    private readonly double _omega;
    private readonly long _originNs;

    /// <param name="amplitude">Peak angular velocity, rad/s.</param>
    /// <param name="frequencyHz">Swing frequency; camera shake is mostly 1-20 Hz.</param>
    /// <param name="originNs">The instant the x axis crosses zero going up.</param>
    public SinusoidGyroTrace(double amplitude, double frequencyHz, long originNs = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequencyHz);
        _amplitude = amplitude;
        _omega = 2 * Math.PI * frequencyHz;
        _originNs = originNs;
    }

    public AngularVelocity At(long timestampNs)
    {
        var phase = _omega * ((timestampNs - _originNs) * 1e-9);
        return new AngularVelocity(
            _amplitude * Math.Sin(phase),
            _amplitude * Math.Sin(phase + 2 * Math.PI / 3),
            _amplitude * Math.Sin(phase + 4 * Math.PI / 3));
    }
}
