using System.Diagnostics.CodeAnalysis;

namespace GyroEdge.Hardware.Imu;

/// <summary>Per-sample qualifiers a consumer must honour before integrating the sample.</summary>
[Flags]
[SuppressMessage("Naming", "CA1711", Justification = "A [Flags] enum named like the BCL's BindingFlags; the integrator maps it by this name to the domain's gyro sample.")]
public enum ImuSampleFlags
{
    None = 0,

    /// <summary>At least one axis read at the end of the range (raw ±32767 or -32768): the true rate may be larger.</summary>
    Saturated = 1 << 0,

    /// <summary>The first sample after an FSYNC edge (the camera's exposure strobe) on chips that tag it.</summary>
    FsyncTagged = 1 << 1,

    /// <summary>
    /// Samples before this one were lost or may be missing (FIFO overflow, a bus fault, a re-initialised
    /// chip): the interval to the previous sample is not one sample period.
    /// </summary>
    AfterGap = 1 << 2,

    /// <summary>The chip marked an axis invalid (ICM-42688-P: raw -32768, e.g. the sensor was not yet on).</summary>
    Invalid = 1 << 3,

    /// <summary>The raw triple has repeated unchanged for longer than a working gyro's noise allows: the sensor may be stuck.</summary>
    Stuck = 1 << 4,

    /// <summary>
    /// Read just after a bus fault that the driver retried. The values are intact (a NACK moves no
    /// FIFO byte); the flag says the read that delivered it was disturbed, for health statistics.
    /// </summary>
    AfterFault = 1 << 5,
}
