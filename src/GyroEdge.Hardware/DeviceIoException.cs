using GyroEdge.Native;

namespace GyroEdge.Hardware;

/// <summary>
/// A device operation failed. Every kernel-interface failure in GyroEdge ends up here, so every
/// message has the same shape: the operation, the device, the errno (number, name and text)
/// and then what it means and what to do:
/// <c>I2C write-read of 0x68 on /dev/i2c-1 failed: Remote I/O error (EREMOTEIO, 121). No ACK from ...</c>
/// </summary>
public class DeviceIoException : IOException
{
    /// <param name="devicePath">The device node or emulator name, e.g. "/dev/i2c-1".</param>
    /// <param name="operation">What was attempted, e.g. "GPIO_V2_GET_LINE_IOCTL (request lines 5)".</param>
    /// <param name="errno">The errno the kernel returned; 0 when the failure is not a syscall error (a short read).</param>
    /// <param name="explanation">What it means and what to do; says what was expected where that helps.</param>
    public DeviceIoException(string devicePath, string operation, int errno, string explanation)
        : base(Compose(devicePath, operation, errno, explanation))
    {
        DevicePath = devicePath;
        Operation = operation;
        Errno = errno;
        HResult = errno;
    }

    public string DevicePath { get; }

    public string Operation { get; }

    /// <summary>The kernel's errno (see <see cref="GyroEdge.Native.Errno"/>); 0 when none was involved.</summary>
    public int Errno { get; }

    private static string Compose(string devicePath, string operation, int errno, string explanation) =>
        errno == 0
            ? $"{operation} on {devicePath} failed: {explanation}"
            : $"{operation} on {devicePath} failed: {Native.Errno.Describe(errno)}. {explanation}";
}
