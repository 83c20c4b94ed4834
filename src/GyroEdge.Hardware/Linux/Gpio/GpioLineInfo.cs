namespace GyroEdge.Hardware.Linux.Gpio;

/// <summary>What the kernel says about one line (struct gpio_v2_line_info).</summary>
/// <param name="Offset">The line's offset on its chip.</param>
/// <param name="Name">The line name from the device tree or driver (e.g. "PH.00"); empty when unnamed.</param>
/// <param name="Consumer">Who holds the line (a driver or a process's consumer label); empty when free or unlabelled.</param>
/// <param name="Attributes">Direction, edges, bias, clock, and whether it is in use.</param>
/// <param name="DebouncePeriodMicroseconds">The debounce period in force, 0 for none.</param>
public sealed record GpioLineInfo(uint Offset, string Name, string Consumer, GpioLineAttributes Attributes, uint DebouncePeriodMicroseconds)
{
    /// <summary>Requested by a driver or another process; a request for it fails with EBUSY.</summary>
    public bool IsUsed => Attributes.HasFlag(GpioLineAttributes.Used);
}
