using Microsoft.Win32.SafeHandles;

namespace GyroEdge.Imaging.TurboJpeg.Interop;

/// <summary>A <c>tjhandle</c> (compressor or decompressor instance), released with tjDestroy.</summary>
internal sealed class TurboJpegHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public TurboJpegHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => TurboJpegNative.tjDestroy(handle) == 0;
}
