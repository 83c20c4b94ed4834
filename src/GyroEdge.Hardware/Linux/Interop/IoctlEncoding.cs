namespace GyroEdge.Hardware.Linux.Interop;

/// <summary>
/// The _IOC request encoding of include/uapi/asm-generic/ioctl.h, used by x86-64 and arm64
/// (powerpc, mips, sparc and alpha use other bit positions and are not targets):
/// <c>dir &lt;&lt; 30 | size &lt;&lt; 16 | type &lt;&lt; 8 | nr</c>, with dir NONE 0, WRITE 1,
/// READ 2 (the direction is the user's view: _IOR means the kernel writes the struct back).
/// The size is the C struct's, so a struct laid out wrong in C# also yields a wrong request
/// number and the kernel answers ENOTTY; the layout test compares both with the headers.
/// </summary>
internal static class IoctlEncoding
{
    private const int NrShift = 0;
    private const int TypeShift = 8;
    private const int SizeShift = 16;
    private const int DirShift = 30;
    private const uint SizeMask = (1u << 14) - 1;

    private const uint None = 0;
    private const uint Write = 1;
    private const uint Read = 2;

    /// <summary>_IO(type, nr): no argument struct.</summary>
    public static uint Io(uint type, uint nr) => Ioc(None, type, nr, 0);

    /// <summary>_IOR(type, nr, T): the kernel fills a T.</summary>
    public static uint IoR(uint type, uint nr, int size) => Ioc(Read, type, nr, size);

    /// <summary>_IOW(type, nr, T): the kernel reads a T.</summary>
    public static uint IoW(uint type, uint nr, int size) => Ioc(Write, type, nr, size);

    /// <summary>_IOWR(type, nr, T): the kernel reads a T and writes it back.</summary>
    public static uint IoWR(uint type, uint nr, int size) => Ioc(Read | Write, type, nr, size);

    private static uint Ioc(uint dir, uint type, uint nr, int size)
    {
        if ((uint)size > SizeMask)
            throw new ArgumentOutOfRangeException(nameof(size), size, "An ioctl argument is at most 16383 bytes (14-bit size field).");
        return (dir << DirShift) | ((uint)size << SizeShift) | (type << TypeShift) | (nr << NrShift);
    }
}
