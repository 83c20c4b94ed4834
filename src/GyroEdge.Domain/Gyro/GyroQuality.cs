namespace GyroEdge.Domain.Gyro;

/// <summary>
/// How far a frame's motion can be trusted; published as <c>gyro_quality</c> and used by the
/// engine to choose the gyro model or its gyro-free twin (DESIGN.md, "Data flow on the device").
/// </summary>
public enum GyroQuality
{
    /// <summary>Every sample over the exposure arrived, on time, within range.</summary>
    Good,

    /// <summary>The exposure is covered but across a gap, a dropout or a saturated sample: the rotations are a guess in part.</summary>
    Degraded,

    /// <summary>The gyro stream does not cover the exposure; the rotations are identities.</summary>
    None,
}
