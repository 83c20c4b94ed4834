using System.Runtime.InteropServices;

namespace GyroEdge.Hardware.Linux.Interop;

/// <summary>
/// The glibc calls the kernel bindings make. "libc" needs no NativeLibrarySpec: the runtime
/// resolves it to the process's own libc.so.6, which is always loaded.
/// </summary>
/// <remarks>
/// ioctl and open are variadic in C. Passing the optional argument as a fixed one is sound on
/// the LP64 Linux ABIs GyroEdge runs on (x86-64 SysV, AArch64 AAPCS64), where variadic integer
/// and pointer arguments travel in the same registers as fixed ones; it would not be on Apple
/// arm64, which is not a target. Every call sets errno for <see cref="Marshal.GetLastPInvokeError"/>.
/// </remarks>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    // <fcntl.h>, <asm-generic/fcntl.h>: same values on x86-64 and arm64.
    public const int O_RDONLY = 0x0;
    public const int O_RDWR = 0x2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    // <poll.h>
    public const short POLLIN = 0x1;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;

    // <sys/mman.h>
    public const int PROT_READ = 0x1;
    public const int PROT_WRITE = 0x2;
    public const int MAP_SHARED = 0x1;

    /// <summary>mmap's failure value, (void*)-1.</summary>
    public static readonly nint MAP_FAILED = -1;

    /// <summary>
    /// int open(const char *pathname, int flags); returns the raw int on purpose: a SafeHandle
    /// return would widen -1 to 0xFFFFFFFF in a 64-bit handle and look valid. Use
    /// <see cref="SafeFileDescriptor.Open"/>.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int open(string pathname, int flags);

    /// <summary>int close(int fd);</summary>
    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int close(int fd);

    /// <summary>int ioctl(int fd, unsigned long request, void *argp);</summary>
    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int ioctl(SafeFileDescriptor fd, nuint request, void* argp);

    /// <summary>int ioctl(int fd, unsigned long request, unsigned long arg); for requests that take a value, not a pointer (I2C_SLAVE).</summary>
    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int ioctl(SafeFileDescriptor fd, nuint request, nuint arg);

    /// <summary>ssize_t read(int fd, void *buf, size_t count);</summary>
    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint read(SafeFileDescriptor fd, void* buf, nuint count);

    /// <summary>ssize_t write(int fd, const void *buf, size_t count);</summary>
    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint write(SafeFileDescriptor fd, void* buf, nuint count);

    /// <summary>int poll(struct pollfd *fds, nfds_t nfds, int timeout);</summary>
    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int poll(pollfd* fds, nuint nfds, int timeout);

    /// <summary>void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset); off_t is 64-bit on LP64.</summary>
    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    public static partial nint mmap(nint addr, nuint length, int prot, int flags, SafeFileDescriptor fd, long offset);

    /// <summary>int munmap(void *addr, size_t length);</summary>
    [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
    public static partial int munmap(nint addr, nuint length);

    /// <summary>int pipe2(int pipefd[2], int flags); the tests' stand-in for a kernel event fd.</summary>
    [LibraryImport(Library, EntryPoint = "pipe2", SetLastError = true)]
    public static partial int pipe2(int* pipefd, int flags);
}
