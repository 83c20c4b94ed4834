using GyroEdge.Hardware.Gpio;
using static GyroEdge.Native.Errno;

namespace GyroEdge.Hardware.Linux.Gpio;

/// <summary>errno to message for the GPIO character device: what happened, what was expected, what to do.</summary>
internal static class GpioErrors
{
    // Not in GyroEdge.Native.Errno, which lists what the other bindings act on too.
    private const int ENOMEM = 12;

    private const string HteGuide =
        "see src/GyroEdge.Hardware/Linux/Gpio/README.md and the kernel's Documentation/driver-api/hte/tegra-hte.rst";

    public static DeviceIoException Open(int errno, string path) => new(path, "open", errno, errno switch
    {
        ENOENT =>
            $"{path} does not exist. Expected a GPIO character device: list the chips with `ls /dev/gpiochip*` or `gpiodetect`; "
            + "on Jetson the main and the always-on (AON) GPIO controllers are separate chips, so check which one owns the strobe pin.",
        EACCES or EPERM =>
            $"Permission denied on {path}: add the user to the gpio group (sudo usermod -aG gpio $USER, then log in again) "
            + "or give the group access with a udev rule for /dev/gpiochip*.",
        _ => $"Expected to open the GPIO character device {path} read-write.",
    });

    public static DeviceIoException ChipInfo(int errno, string path) => new(path, "GPIO_GET_CHIPINFO_IOCTL", errno, errno switch
    {
        ENOTTY or EINVAL =>
            $"{path} is not a GPIO character device (it does not answer GPIO ioctls). Expected /dev/gpiochipN.",
        _ => $"Expected {path} to describe its GPIO chip. Check dmesg for the GPIO driver.",
    });

    public static DeviceIoException LineInfo(int errno, string path, string chipName, uint offset) =>
        new(path, $"GPIO_V2_GET_LINEINFO_IOCTL (line {offset})", errno, errno switch
        {
            EINVAL =>
                $"The kernel refused to describe line {offset} of {chipName}: the offset is out of range, or the kernel predates "
                + $"the GPIO v2 uAPI (Linux 5.10; this one is {Environment.OSVersion.Version}).",
            _ => $"Expected {chipName} to describe line {offset}.",
        });

    /// <summary>EBUSY on a line request, once the line info has named who holds the line.</summary>
    public static DeviceIoException LineBusy(string path, string chipName, uint offset, string consumer) =>
        new(path, $"GPIO_V2_GET_LINE_IOCTL (line {offset})", EBUSY,
            $"line {offset} of {chipName} is in use by {(consumer.Length > 0 ? $"\"{consumer}\"" : "an unlabelled consumer")}. "
            + $"Stop that user (a kernel driver, or another process such as a second gyroedge; see `gpioinfo {chipName}`) "
            + "or wire the strobe to a free line.");

    public static DeviceIoException Request(int errno, string path, string chipName, GpioEdgeRequest request, uint lineCount)
    {
        var lines = string.Join(",", request.Offsets);
        var operation = $"GPIO_V2_GET_LINE_IOCTL (lines {lines})";
        var explanation = errno switch
        {
            EOPNOTSUPP when request.Clock == GpioEventClock.Hte =>
                "HTE not available: check CONFIG_HTE and the device tree (the hte_aon node enabled, and "
                + "/sys/firmware/devicetree/base/bus@0/hardware-timestamp@c1e0000/status reads okay), and that the line is an "
                + $"always-on (AON) GPIO configured as input, the only kind Orin's engine timestamps for user space; {HteGuide}. "
                + "Or request the Monotonic clock.",
            EOPNOTSUPP =>
                $"{chipName} cannot apply part of the configuration to lines {lines} (usually the bias: try Bias = AsIs).",
            EINVAL =>
                $"The kernel rejected the configuration of lines {lines}. Expected offsets below {chipName}'s {lineCount} lines "
                + "and an input with edge detection; the Realtime clock needs Linux 5.11+, the HTE clock 5.19+ or JetPack 6 "
                + $"(this kernel is {Environment.OSVersion.Version}).",
            EBUSY => $"One of lines {lines} of {chipName} is in use; see `gpioinfo {chipName}`.",
            ENOMEM => $"The kernel could not allocate the event buffer; lower EventBufferSize ({request.EventBufferSize}).",
            _ => $"Expected {chipName} to grant input lines {lines} with edge detection.",
        };
        return new DeviceIoException(path, operation, errno, explanation);
    }

    public static DeviceIoException Read(int errno, string sourceName) => new(sourceName, "read line events", errno, errno switch
    {
        ENODEV => "The GPIO chip went away (its driver was unbound or the device removed) while its lines were requested; reopen it.",
        _ => "Expected the line request to deliver gpio_v2_line_event records.",
    });

    public static DeviceIoException Ended(string sourceName) => new(sourceName, "read line events", 0,
        "the line request reported end of file or a hang-up: its GPIO chip went away. Expected events until the request is disposed; reopen the chip.");

    public static DeviceIoException Torn(string sourceName, long bytes, int recordSize) => new(sourceName, "read line events", 0,
        $"read returned {bytes} bytes, not a whole number of {recordSize}-byte gpio_v2_line_event records. "
        + "The kernel only returns whole events, so the fd is not a GPIO line request or the struct layout is wrong.");

    public static DeviceIoException UnknownEdge(string sourceName, uint id, uint seqno) => new(sourceName, "read line events", 0,
        $"event {seqno} has id {id}; expected 1 (rising edge) or 2 (falling edge). The fd is not a GPIO line request or the struct layout is wrong.");
}
