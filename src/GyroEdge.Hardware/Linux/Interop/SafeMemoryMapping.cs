using System.Runtime.InteropServices;

namespace GyroEdge.Hardware.Linux.Interop;

/// <summary>
/// A region mapped with mmap (a V4L2 capture buffer). munmap needs the length back, so the
/// handle carries it; unmapped exactly once.
/// </summary>
internal sealed class SafeMemoryMapping : SafeHandle
{
    public SafeMemoryMapping(nint address, nuint length)
        : base(invalidHandleValue: LibC.MAP_FAILED, ownsHandle: true)
    {
        SetHandle(address);
        Length = length;
    }

    public nuint Length { get; }

    public override bool IsInvalid => handle == LibC.MAP_FAILED || handle == 0;

    protected override bool ReleaseHandle() => LibC.munmap(handle, Length) == 0;
}
