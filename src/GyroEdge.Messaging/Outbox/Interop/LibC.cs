using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GyroEdge.Messaging.Outbox.Interop;

/// <summary>
/// The two glibc calls the outbox needs beyond .NET's file API: opening its directory and fsyncing
/// it, so that the rename which publishes a new entry file survives a power cut (rename(2) is only
/// durable once the directory itself is synced; .NET cannot open a directory). "libc" resolves to
/// the process's own libc.so.6.
/// </summary>
internal static partial class LibC
{
    private const string Library = "libc";

    // <fcntl.h>, <asm-generic/fcntl.h>: the same values on x86-64 and arm64.
    private const int O_RDONLY = 0x0;
    private const int O_DIRECTORY = 0x10000;
    private const int O_CLOEXEC = 0x80000;

    // int open(const char *pathname, int flags);  -- raw int: -1 must not become a valid-looking handle
    [LibraryImport(Library, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string pathname, int flags);

    // int fsync(int fd);
    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(SafeFileHandle fd);

    /// <summary>An open descriptor of <paramref name="directory"/>, closed by the SafeFileHandle.</summary>
    internal static SafeFileHandle OpenDirectory(string directory)
    {
        var fd = Open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            throw Failure("open", directory, Marshal.GetLastPInvokeError());
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>fsync(2) on <paramref name="directory"/>'s descriptor.</summary>
    internal static void SyncDirectory(SafeFileHandle handle, string directory)
    {
        if (Fsync(handle) != 0)
            throw Failure("fsync", directory, Marshal.GetLastPInvokeError());
    }

    // The one error path: what failed, where, errno's name and text.
    private static IOException Failure(string call, string directory, int errno) =>
        new($"{call}({directory}) failed: {GyroEdge.Native.Errno.Describe(errno)}. The outbox needs a writable local directory; check the path, its permissions and the disk.");
}
