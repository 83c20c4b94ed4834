namespace GyroEdge.Domain.Gyro;

/// <summary>Whether a <see cref="GyroStream"/> holds the samples around a window.</summary>
public enum GyroCoverage
{
    /// <summary>The samples from the last one at or before the start to the first one at or after the end were copied.</summary>
    Covered,

    /// <summary>No sample at or after the window's end yet: wait for the IMU and ask again.</summary>
    NotYet,

    /// <summary>The window starts before the oldest sample the ring still holds (or before the first sample): it will never be covered.</summary>
    Evicted,

    /// <summary>The destination is too small; the count says how many samples the window needs.</summary>
    DestinationTooSmall,
}
