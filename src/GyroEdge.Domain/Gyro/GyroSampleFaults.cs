namespace GyroEdge.Domain.Gyro;

/// <summary>What is known to be wrong with one gyro sample.</summary>
[Flags]
public enum GyroSampleFaults : byte
{
    None = 0,

    /// <summary>At least one axis sat at the end of the configured full-scale range (set by the driver): the true rate was larger.</summary>
    Saturated = 1,

    /// <summary>
    /// Samples were lost just before this one: a FIFO overflow or a failed bus read (set by the
    /// driver), or samples the stream refused as out of order or not finite.
    /// </summary>
    DropoutBefore = 2,

    /// <summary>The time since the previous sample exceeds the stream's gap limit (set by <see cref="GyroStream"/>).</summary>
    GapBefore = 4,
}
