namespace GyroEdge.Domain.Gyro;

/// <summary>Why a frame's <see cref="GyroQuality"/> is not <see cref="GyroQuality.Good"/>.</summary>
[Flags]
public enum GyroQualityIssues
{
    None = 0,

    /// <summary>Two consecutive samples over the exposure are further apart than the stream's gap limit.</summary>
    Gaps = 1,

    /// <summary>A sample over the exposure hit the gyro's full-scale range.</summary>
    Saturation = 2,

    /// <summary>Samples over the exposure were lost (FIFO overflow, failed read, refused sample).</summary>
    Dropouts = 4,

    /// <summary>The stream does not hold samples on both sides of the exposure (not yet, or no longer).</summary>
    NotCovered = 8,
}
