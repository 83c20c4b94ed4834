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

    // <sched.h>, <linux/sched.h>: policies, the same on every Linux architecture.
    public const int SCHED_OTHER = 0;
    public const int SCHED_FIFO = 1;
    public const int SCHED_RR = 2;
    public const int SCHED_BATCH = 3;
    public const int SCHED_IDLE = 5;
    public const int SCHED_DEADLINE = 6;

    /// <summary>Or'ed into a policy so children start at SCHED_OTHER; sched_getscheduler may return it set.</summary>
    public const int SCHED_RESET_ON_FORK = 0x40000000;

    /// <summary>
    /// int sched_setscheduler(pid_t pid, int policy, const struct sched_param *param); pid 0 is the
    /// calling THREAD on Linux (the kernel schedules tasks, not processes), which is what a reader
    /// thread wants. const struct sched_param* is passed as int*: glibc's struct sched_param is one int.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "sched_setscheduler", SetLastError = true)]
    public static partial int sched_setscheduler(int pid, int policy, int* param);

    /// <summary>int sched_getscheduler(pid_t pid); pid 0: the calling thread.</summary>
    [LibraryImport(Library, EntryPoint = "sched_getscheduler", SetLastError = true)]
    public static partial int sched_getscheduler(int pid);

    /// <summary>int sched_getparam(pid_t pid, struct sched_param *param); param: one int, sched_priority.</summary>
    [LibraryImport(Library, EntryPoint = "sched_getparam", SetLastError = true)]
    public static partial int sched_getparam(int pid, int* param);

    /// <summary>pid_t gettid(void); glibc 2.30 and later. Names the thread in log lines and chrt -p.</summary>
    [LibraryImport(Library, EntryPoint = "gettid")]
    public static partial int gettid();
}
