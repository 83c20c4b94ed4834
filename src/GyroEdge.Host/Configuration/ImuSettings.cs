namespace GyroEdge.Host.Configuration;

/// <summary><c>Imu</c>: the gyro chip on the I2C bus (GyroEdge.Hardware/Imu).</summary>
public sealed class ImuSettings
{
    /// <summary>"icm42688" (TDK ICM-42688-P), "mpu6050", "mpu6500" or "mpu9250".</summary>
    public string Chip { get; set; } = "icm42688";

    /// <summary>The i2c-dev adapter number: /dev/i2c-{Bus}. 7 on the Orin Nano/NX developer kits' pins 3/5.</summary>
    public int Bus { get; set; } = 7;

    /// <summary>The 7-bit address, "0x68" (AD0 low) or "0x69" (AD0 high); decimal is accepted too.</summary>
    public string Address { get; set; } = "0x68";

    /// <summary>Output data rate in Hz; one the chip has (1000 for both families).</summary>
    public double OdrHz { get; set; } = 1000;

    /// <summary>Full-scale range in degrees per second (2000, 1000, 500, 250, ...).</summary>
    public double RangeDps { get; set; } = 2000;

    /// <summary>How long samples wait in the FIFO before the reader collects them, ms.</summary>
    public double BatchMs { get; set; } = 5;

    /// <summary>The GPIO line wired to the chip's INT1 pin; absent to poll.</summary>
    public GpioLineSettings? Interrupt { get; set; }

    /// <summary>Real-time scheduling of the reader thread: "auto" (try SCHED_FIFO), "on" (required) or "off".</summary>
    public string Realtime { get; set; } = "auto";

    /// <summary>The first probe of an unplugged chip waits this long; each failed probe doubles it.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest wait between probes: how late a replugged IMU may be noticed.</summary>
    public TimeSpan MaxProbeInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>A GPIO line: /dev/gpiochip{Gpiochip}, line offset {Line}.</summary>
public sealed class GpioLineSettings
{
    public int Gpiochip { get; set; }

    public int Line { get; set; } = -1;
}
