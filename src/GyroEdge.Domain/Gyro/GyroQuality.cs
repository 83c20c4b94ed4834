namespace GyroEdge.Domain.Gyro;

/// <summary>
/// How far a frame's motion can be trusted; published as <c>gyro_quality</c> and used by the
/// engine to choose the model (DESIGN.md, "Data flow on the device"): Good and Degraded run the
/// gyro model, None its gyro-free twin.
/// </summary>
public enum GyroQuality
{
    /// <summary>Every sample over the exposure arrived, on time, within range.</summary>
    Good,

    /// <summary>
    /// The exposure is covered but across a gap, a dropout or a saturated sample: the rotations are
    /// a guess in part. The engine still runs the gyro model on it (DeblurEngine).
    /// </summary>
    Degraded,

    /// <summary>The gyro stream does not cover the exposure; the rotations are identities.</summary>
    None,
}
