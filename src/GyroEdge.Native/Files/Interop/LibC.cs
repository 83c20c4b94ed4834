using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GyroEdge.Native.Files.Interop;

/// <summary>
/// The glibc calls .NET's file API lacks for durable writes: opening a directory and fsyncing it.
/// "libc" resolves to the process's own libc.so.6.
/// </summary>
internal static partial class LibC
{
    private const string Library = "libc";

    // <fcntl.h>, <asm-generic/fcntl.h>: the same values on x86-64 and arm64.
    internal const int O_RDONLY = 0x0;
    internal const int O_DIRECTORY = 0x10000;
    internal const int O_CLOEXEC = 0x80000;

    // int open(const char *pathname, int flags);  -- raw int: -1 must not become a valid-looking handle
    [LibraryImport(Library, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Open(string pathname, int flags);

    // int fsync(int fd);
    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    internal static partial int Fsync(SafeFileHandle fd);
}
