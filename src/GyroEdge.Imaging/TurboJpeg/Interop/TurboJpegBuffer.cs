using Microsoft.Win32.SafeHandles;

namespace GyroEdge.Imaging.TurboJpeg.Interop;

/// <summary>
/// A byte buffer from tjAlloc, released with tjFree. The compressor writes JPEG streams into it;
/// it must come from tjAlloc (not NativeMemory) because TurboJPEG owns its allocator.
/// </summary>
internal sealed class TurboJpegBuffer : SafeHandleZeroOrMinusOneIsInvalid
{
    public TurboJpegBuffer()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        TurboJpegNative.tjFree(handle);
        return true;
    }
}
