namespace GyroEdge.Hardware.Linux.Gpio;

/// <summary>Which edges a request reports (GPIO_V2_LINE_FLAG_EDGE_RISING / _FALLING).</summary>
public enum GpioEdgeDetection
{
    /// <summary>Both edges: exposure start and end from one strobe line.</summary>
    Both,
    Rising,
    Falling,
}
