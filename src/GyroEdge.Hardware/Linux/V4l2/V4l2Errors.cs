using static GyroEdge.Native.Errno;

namespace GyroEdge.Hardware.Linux.V4l2;

/// <summary>errno to message for a V4L2 capture node: what happened, what was expected, what to do.</summary>
internal static class V4l2Errors
{
    // Not in GyroEdge.Native.Errno: only V4L2 meets them.
    private const int ENOMEM = 12;
    private const int EPIPE = 32;

    public static DeviceIoException Open(int errno, string path) => new(path, "open", errno, errno switch
    {
        ENOENT =>
            $"{path} does not exist: is the camera connected and its driver loaded? "
            + "List the capture nodes with `v4l2-ctl --list-devices` (package v4l-utils) or `ls /dev/video*`.",
        EACCES or EPERM =>
            $"Permission denied on {path}: add the user to the video group (sudo usermod -aG video $USER, then log in again).",
        EBUSY => $"{path} is held exclusively by another process; find it with `fuser {path}`.",
        _ => $"Expected to open the V4L2 capture node {path} read-write.",
    });

    public static DeviceIoException Ioctl(int errno, string path, string operation) => new(path, operation, errno, (operation, errno) switch
    {
        ("VIDIOC_QUERYCAP", ENOTTY or EINVAL) =>
            $"{path} is not a V4L2 device (it does not answer VIDIOC_QUERYCAP). Expected a video capture node such as /dev/video0; "
            + "list them with `v4l2-ctl --list-devices`.",
        (_, EBUSY) =>
            $"Another process is using {path} (streaming or holding buffers); find it with `fuser {path}` and stop it.",
        ("VIDIOC_S_FMT", EINVAL) =>
            $"The driver refused the format. List what {path} supports with `v4l2-ctl -d {path} --list-formats-ext`.",
        ("VIDIOC_REQBUFS", EINVAL) =>
            $"{path} does not support memory-mapped streaming (V4L2_MEMORY_MMAP), which GyroEdge's capture needs.",
        ("VIDIOC_REQBUFS", ENOMEM) =>
            "The driver could not allocate the buffers; ask for fewer, or a smaller format (on Jetson, raise the CMA size).",
        ("VIDIOC_STREAMON", EPIPE) =>
            "The capture pipeline's formats do not match (sensor, CSI and VI disagree); check the device tree mode and `media-ctl -p`.",
        ("VIDIOC_STREAMON", ENOSPC) =>
            "Not enough bus bandwidth for this format and rate (USB cameras: use MJPEG or a lower resolution).",
        ("VIDIOC_DQBUF", EIO) =>
            "The driver lost the stream (the sensor stopped sending, or the CSI link failed); check the wiring and dmesg.",
        _ => $"Expected {path} to accept {operation} for single-planar mmap capture.",
    });

    public static DeviceIoException NotCapture(string path, string card, uint caps, uint multiPlanar, uint streaming) => new(path, "VIDIOC_QUERYCAP", 0,
        (caps & multiPlanar) != 0
            ? $"\"{card}\" captures in the multi-planar API (V4L2_CAP_VIDEO_CAPTURE_MPLANE), which GyroEdge's capture does not implement; expected single-planar V4L2_CAP_VIDEO_CAPTURE."
            : (caps & streaming) == 0
                ? $"\"{card}\" has no streaming I/O (V4L2_CAP_STREAMING); GyroEdge captures through mmap streaming."
                : $"\"{card}\" is not a video capture node (device_caps 0x{caps:X8}); pick the camera's capture node from `v4l2-ctl --list-devices`.");

    public static DeviceIoException TooFewBuffers(string path, uint granted, int requested) => new(path, "VIDIOC_REQBUFS", 0,
        $"the driver granted {granted} of {requested} buffers; streaming needs at least 2 (one filling while the other is read). Free memory or close other camera users.");

    public static DeviceIoException Map(int errno, string path, int index, uint length) => new(path, $"mmap of buffer {index} ({length} bytes)", errno,
        "Expected to map the driver's capture buffer into this process; check memory limits (ulimit -l does not apply, but the address space may be exhausted).");
}
