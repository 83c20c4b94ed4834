namespace GyroEdge.Hardware.Imu;

/// <summary>
/// Starting an IMU failed at a named step (reading WHO_AM_I, soft reset, configuring the FIFO).
/// The message starts with the chip, address and bus and the step, then the bus's own explanation
/// (what the errno means, i2cdetect or unbind hints), so one line tells the integrator what to do.
/// </summary>
public sealed class ImuStartException : IOException
{
    public ImuStartException(string description, string step, Exception inner)
        : base($"Could not start the {description} ({step}): {inner?.Message}", inner)
    {
        Step = step;
    }

    public ImuStartException(string description, string step, string explanation)
        : base($"Could not start the {description} ({step}): {explanation}")
    {
        Step = step;
    }

    /// <summary>What the driver was doing, e.g. "reading WHO_AM_I".</summary>
    public string Step { get; }
}
