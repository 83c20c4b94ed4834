using System.Runtime.InteropServices;

namespace GyroEdge.Hardware.Linux.Interop;

/// <summary>
/// A Linux file descriptor: a device node (/dev/i2c-N, /dev/gpiochipN, /dev/videoN) or an
/// anonymous fd the kernel hands back (a GPIO line request). Closed exactly once, even when the
/// owner forgets Dispose; 0 is a valid descriptor, so only negative values are invalid.
/// </summary>
internal sealed class SafeFileDescriptor : SafeHandle
{
    /// <summary>Takes ownership of <paramref name="fd"/>, e.g. gpio_v2_line_request.fd.</summary>
    public SafeFileDescriptor(int fd)
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
        SetHandle(fd);
    }

    /// <summary>
    /// open(2)s <paramref name="path"/>. On failure the handle is invalid and
    /// <see cref="Marshal.GetLastPInvokeError"/> holds open's errno.
    /// </summary>
    public static SafeFileDescriptor Open(string path, int flags) => new(LibC.open(path, flags));

    /// <summary>
    /// open(2)s a device node, or throws what <paramref name="openError"/> makes of open's errno
    /// and the path: each binding names its own causes and fixes (permissions, a missing overlay).
    /// </summary>
    public static SafeFileDescriptor OpenDevice(string path, int flags, Func<int, string, Exception> openError)
    {
        var fd = Open(path, flags);
        if (!fd.IsInvalid)
            return fd;
        var errno = Marshal.GetLastPInvokeError();
        fd.Dispose();
        throw openError(errno, path);
    }

    public override bool IsInvalid => handle < 0;

    /// <summary>The descriptor number, for structs that carry it (pollfd). Valid while the handle is referenced.</summary>
    public int Number => (int)handle;

    protected override bool ReleaseHandle() => LibC.close((int)handle) == 0;
}
