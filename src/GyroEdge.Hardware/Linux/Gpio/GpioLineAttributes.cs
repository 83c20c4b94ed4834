namespace GyroEdge.Hardware.Linux.Gpio;

/// <summary>A line's state and configuration as GPIO_V2_GET_LINEINFO_IOCTL reports it: enum gpio_v2_line_flag, bit for bit (a u64 bitmap).</summary>
[Flags]
public enum GpioLineAttributes : ulong
{
    None = 0,
    Used = 1UL << 0,
    ActiveLow = 1UL << 1,
    Input = 1UL << 2,
    Output = 1UL << 3,
    EdgeRising = 1UL << 4,
    EdgeFalling = 1UL << 5,
    OpenDrain = 1UL << 6,
    OpenSource = 1UL << 7,
    BiasPullUp = 1UL << 8,
    BiasPullDown = 1UL << 9,
    BiasDisabled = 1UL << 10,
    EventClockRealtime = 1UL << 11,
    EventClockHte = 1UL << 12,
}
