namespace GyroEdge.Hardware.Linux.Gpio;

/// <summary>The line's bias (GPIO_V2_LINE_FLAG_BIAS_*). Chips that cannot set it refuse with EOPNOTSUPP.</summary>
public enum GpioBias
{
    /// <summary>Leave it as the pinmux/device tree set it.</summary>
    AsIs,
    PullUp,
    PullDown,
    Disabled,
}
