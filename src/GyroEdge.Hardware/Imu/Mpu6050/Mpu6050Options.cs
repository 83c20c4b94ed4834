namespace GyroEdge.Hardware.Imu.Mpu6050;

/// <summary>How to run an MPU-6050/6500/9250. Defaults: ±2000 dps, 1 kHz, polling every 5 ms.</summary>
public sealed class Mpu6050Options : ImuOptions
{
    public Mpu6050GyroRange GyroRange { get; init; } = Mpu6050GyroRange.Dps2000;

    /// <summary>
    /// Samples per second: 8000/(1+SMPLRT_DIV) above 1 kHz (digital low-pass filter off, 8 kHz
    /// gyro output), 1000/(1+SMPLRT_DIV) up to 1 kHz (filter on, bandwidth below half the rate).
    /// So 8000, 4000, 2000, 1000, 500, 250, 200, 125, 100, 50, 40, 25, 20, 10, 8, 5 or 4.
    /// </summary>
    public int OutputDataRateHz { get; init; } = 1000;

    internal override void Validate()
    {
        base.Validate();
        if (!Enum.IsDefined(GyroRange))
            throw new ArgumentOutOfRangeException(nameof(GyroRange), GyroRange, "Not an MPU-6050 range; use a Mpu6050GyroRange member.");
        var valid = OutputDataRateHz > 1000
            ? OutputDataRateHz <= 8000 && 8000 % OutputDataRateHz == 0
            : OutputDataRateHz >= 4 && 1000 % OutputDataRateHz == 0;
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(nameof(OutputDataRateHz), OutputDataRateHz,
                "The MPU-6050 samples at 8000/(1+SMPLRT_DIV) Hz with its low-pass filter off or 1000/(1+SMPLRT_DIV) Hz with it on. "
                + "Use 8000, 4000, 2000, 1000, 500, 250, 200, 125, 100, 50, 40, 25, 20, 10, 8, 5 or 4.");
        }
    }
}
