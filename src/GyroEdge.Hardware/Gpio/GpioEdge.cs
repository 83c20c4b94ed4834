namespace GyroEdge.Hardware.Gpio;

/// <summary>Which way a line changed (enum gpio_v2_line_event_id), in the line's active sense.</summary>
public enum GpioEdge
{
    /// <summary>Inactive to active (GPIO_V2_LINE_EVENT_RISING_EDGE = 1).</summary>
    Rising = 1,

    /// <summary>Active to inactive (GPIO_V2_LINE_EVENT_FALLING_EDGE = 2).</summary>
    Falling = 2,
}
