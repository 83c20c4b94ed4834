namespace GyroEdge.Hardware.Imu;

/// <summary>
/// The chip at the configured address is not the one the driver drives (its WHO_AM_I is wrong).
/// Not retried: the wiring, the address strap or the configured chip model is wrong.
/// </summary>
public sealed class ImuIdentityException : IOException
{
    public ImuIdentityException(string message, byte expected, byte found)
        : base(message)
    {
        Expected = expected;
        Found = found;
    }

    public byte Expected { get; }

    public byte Found { get; }

    /// <summary>What a WHO_AM_I value suggests is wired instead, for the message; empty when unknown.</summary>
    internal static string Guess(byte whoAmI) => whoAmI switch
    {
        0x47 => " (an ICM-42688-P?)",
        0x44 => " (an ICM-42686-P?)",
        0x42 => " (an ICM-42605?)",
        0x40 => " (an ICM-42600?)",
        0x68 => " (an MPU-6050?)",
        0x70 => " (an MPU-6500?)",
        0x71 => " (an MPU-9250?)",
        0x73 => " (an MPU-9255?)",
        0x12 => " (an ICM-20602?)",
        0x98 => " (an ICM-20649? a BMI160's CHIP_ID is read elsewhere)",
        0xEA => " (an ICM-20948?)",
        0x00 or 0xFF => " (nothing drives the line: a floating bus or a chip held in reset?)",
        _ => "",
    };
}
