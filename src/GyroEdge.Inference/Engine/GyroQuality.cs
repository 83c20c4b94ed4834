namespace GyroEdge.Inference.Engine;

/// <summary>
/// How far a frame's motion can be trusted (DESIGN.md: missing or implausible gyro marks the frame
/// degraded or none). Picks the model: Good and Degraded run the gyro model, None its blind twin.
/// A plain enum so it can move to the domain project unchanged.
/// </summary>
public enum GyroQuality
{
    /// <summary>The gyro stream covers the exposure with every sample present and plausible.</summary>
    Good,

    /// <summary>Usable with gaps or doubts (a dropped sample, a late sample); the gyro model was trained on such errors.</summary>
    Degraded,

    /// <summary>No usable gyro for this frame: the blind twin runs and the motion is ignored.</summary>
    None,
}
