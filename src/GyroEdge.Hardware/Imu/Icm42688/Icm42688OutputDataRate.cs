namespace GyroEdge.Hardware.Imu.Icm42688;

/// <summary>GYRO_CONFIG0 GYRO_ODR (bits 3:0). The enum value is the register code.</summary>
public enum Icm42688OutputDataRate : byte
{
    Hz32000 = 1,
    Hz16000 = 2,
    Hz8000 = 3,
    Hz4000 = 4,
    Hz2000 = 5,

    /// <summary>1 kHz, the reset value.</summary>
    Hz1000 = 6,
    Hz200 = 7,
    Hz100 = 8,
    Hz50 = 9,
    Hz25 = 10,
    Hz12Point5 = 11,
    Hz500 = 15,
}

/// <summary>Rates in hertz, for configuration files and command lines.</summary>
public static class Icm42688OutputDataRateExtensions
{
    public static double ToHertz(this Icm42688OutputDataRate rate) => Icm42688Imu.RateHz(rate);

    /// <summary>The rate code for <paramref name="hertz"/>; false when the chip has no such rate.</summary>
    public static bool TryFromHertz(double hertz, out Icm42688OutputDataRate rate)
    {
        foreach (var candidate in Enum.GetValues<Icm42688OutputDataRate>())
        {
            if (Icm42688Imu.RateHz(candidate) == hertz)
            {
                rate = candidate;
                return true;
            }
        }
        rate = default;
        return false;
    }
}
