namespace GyroEdge.Hardware.Gpio;

/// <summary>Which clock stamps line events (gpio_v2_line_event.timestamp_ns).</summary>
public enum GpioEventClock
{
    /// <summary>CLOCK_MONOTONIC, the kernel default since 5.7 and GyroEdge's one timebase.</summary>
    Monotonic,

    /// <summary>CLOCK_REALTIME (GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME, Linux 5.11+): wall-clock, jumps with NTP.</summary>
    Realtime,

    /// <summary>
    /// The hardware timestamp engine (GPIO_V2_LINE_FLAG_EVENT_CLOCK_HTE, 5.19+, JetPack 6 on Orin):
    /// stamped at the pin, no interrupt latency, but in the SoC TSC timebase, NOT CLOCK_MONOTONIC.
    /// </summary>
    Hte,
}
