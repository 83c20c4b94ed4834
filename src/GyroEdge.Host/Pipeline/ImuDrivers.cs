using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.I2c;
using GyroEdge.Hardware.Imu;
using GyroEdge.Hardware.Imu.Icm42688;
using GyroEdge.Hardware.Imu.Mpu6050;
using GyroEdge.Host.Configuration;

namespace GyroEdge.Host.Pipeline;

/// <summary>Builds the IMU driver Imu:Chip names over a bus device: the same driver code on the board's i2c-dev bus and on an emulated one.</summary>
public static class ImuDrivers
{
    /// <summary>The IMU driver for Imu:Chip over <paramref name="device"/>: the same code on the board and on the emulated bus.</summary>
    public static IImu Create(ImuSettings imu, I2cDevice device, IMonotonicClock clock, IGpioLineEventSource? interrupt)
    {
        var batch = TimeSpan.FromMilliseconds(imu.BatchMs);
        var chip = imu.Chip.Trim().ToLowerInvariant();
        if (chip == "icm42688")
        {
            Icm42688OutputDataRateExtensions.TryFromHertz(imu.OdrHz, out var rate);
            return new Icm42688Imu(device, new Icm42688Options
            {
                Clock = clock,
                OutputDataRate = rate,
                GyroRange = SettingValues.IcmRange(imu.RangeDps)!.Value,
                BatchPeriod = batch,
                InterruptLine = interrupt,
                ProbeInterval = imu.ProbeInterval,
                MaxProbeInterval = imu.MaxProbeInterval,
            });
        }
        return new Mpu6050Imu(device, new Mpu6050Options
        {
            Clock = clock,
            OutputDataRateHz = (int)imu.OdrHz,
            GyroRange = imu.RangeDps switch
            {
                250 => Mpu6050GyroRange.Dps250,
                500 => Mpu6050GyroRange.Dps500,
                1000 => Mpu6050GyroRange.Dps1000,
                _ => Mpu6050GyroRange.Dps2000,
            },
            BatchPeriod = batch,
            InterruptLine = interrupt,
            ProbeInterval = imu.ProbeInterval,
            MaxProbeInterval = imu.MaxProbeInterval,
        });
    }
}
