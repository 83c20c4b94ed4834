namespace GyroEdge.Hardware.Imu.Icm42688;

/// <summary>How to run an ICM-42688-P. Defaults: ±2000 dps, 1 kHz, FSYNC tagging on, polling every 5 ms.</summary>
public sealed class Icm42688Options : ImuOptions
{
    public Icm42688GyroRange GyroRange { get; init; } = Icm42688GyroRange.Dps2000;

    public Icm42688OutputDataRate OutputDataRate { get; init; } = Icm42688OutputDataRate.Hz1000;

    /// <summary>
    /// Route pin 9 to FSYNC and tag the first sample after each FSYNC edge (the camera strobe) in
    /// the FIFO. Pin 9 is then not INT2; the driver only uses INT1.
    /// </summary>
    public bool FsyncTagging { get; init; } = true;

    internal override void Validate()
    {
        base.Validate();
        if (!Enum.IsDefined(GyroRange))
            throw new ArgumentOutOfRangeException(nameof(GyroRange), GyroRange, "Not an ICM-42688-P range; use a Icm42688GyroRange member.");
        if (!Enum.IsDefined(OutputDataRate))
            throw new ArgumentOutOfRangeException(nameof(OutputDataRate), OutputDataRate, "Not an ICM-42688-P output data rate; use a Icm42688OutputDataRate member.");
    }
}
