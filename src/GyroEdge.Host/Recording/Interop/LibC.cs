using System.Runtime.InteropServices;

namespace GyroEdge.Host.Recording.Interop;

/// <summary>
/// fsync(2) on a folder, which .NET's file API cannot open: a rename or delete inside a recording
/// folder is durable only once the folder itself is synced. "libc" resolves to the process's own
/// libc.so.6. (The outbox has the same two calls, internal to GyroEdge.Messaging.)
/// </summary>
internal static partial class LibC
{
    private const string Library = "libc";

    // <fcntl.h>, <asm-generic/fcntl.h>: the same values on x86-64 and arm64.
    private const int O_RDONLY = 0x0;
    private const int O_DIRECTORY = 0x10000;
    private const int O_CLOEXEC = 0x80000;

    // int open(const char *pathname, int flags);
    [LibraryImport(Library, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string pathname, int flags);

    // int fsync(int fd);
    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    // int close(int fd);
    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    /// <summary>Opens, fsyncs and closes <paramref name="folder"/>.</summary>
    internal static void SyncFolder(string folder)
    {
        var fd = Open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            throw Failure("open", folder, Marshal.GetLastPInvokeError());
        try
        {
            if (Fsync(fd) != 0)
                throw Failure("fsync", folder, Marshal.GetLastPInvokeError());
        }
        finally
        {
            _ = Close(fd);
        }
    }

    // The one error path: what failed, where, errno's name and text. The errno travels as HResult
    // so that the recorder can tell a full disk from other failures.
    private static IOException Failure(string call, string folder, int errno) =>
        new($"{call}({folder}) failed: {GyroEdge.Native.Errno.Describe(errno)}. Recordings need a writable local folder; check the path, its permissions and the disk.", errno);
}
