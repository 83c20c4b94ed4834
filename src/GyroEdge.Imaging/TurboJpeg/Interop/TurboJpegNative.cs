using System.Runtime.InteropServices;
using GyroEdge.Native;

namespace GyroEdge.Imaging.TurboJpeg.Interop;

/// <summary>
/// The TurboJPEG 2.1 C API (turbojpeg.h of libjpeg-turbo 2.1.5), the functions GyroEdge calls
/// and nothing else. Every function that can fail returns 0 or -1; -1 goes through
/// <see cref="TurboJpegError"/>, the one place that reads tjGetErrorStr2/tjGetErrorCode.
/// </summary>
/// <remarks>
/// <c>unsigned long</c> is 64-bit on LP64 Linux (arm64 and x64) but 32-bit on LLP64, so it is
/// <see cref="CULong"/> here, never <c>int</c> or <c>long</c>.
/// </remarks>
internal static unsafe partial class TurboJpegNative
{
    private const string Library = "libturbojpeg.so.0";

    internal static readonly NativeLibrarySpec Spec = new(
        "libjpeg-turbo (libturbojpeg.so.0)",
        ["libturbojpeg.so.0", "libturbojpeg.so"],
        "sudo apt-get install libturbojpeg0 (Ubuntu 22.04: sudo apt-get install libturbojpeg)");

    // An explicit static constructor (no beforefieldinit) runs before the first import below is
    // called, so the resolver is in place before the runtime first looks for Library. The
    // Imaging assembly binds only this library; a second one must join this single Resolve call.
#pragma warning disable CA1810 // The constructor registers a resolver; it initialises no field.
    static TurboJpegNative() =>
        NativeLibraryLoader.Resolve(typeof(TurboJpegNative).Assembly, (Library, Spec));
#pragma warning restore CA1810

    // enum TJPF
    internal const int TJPF_RGB = 0;
    internal const int TJPF_GRAY = 6;

    // enum TJSAMP
    internal const int TJSAMP_444 = 0;
    internal const int TJSAMP_422 = 1;
    internal const int TJSAMP_420 = 2;
    internal const int TJSAMP_GRAY = 3;

    // enum TJERR: the severity tjGetErrorCode reports for the last failure.
    internal const int TJERR_WARNING = 0;
    internal const int TJERR_FATAL = 1;

    /// <summary>The output buffer is tjBufSize-sized: never realloc it (it would become a new, unowned pointer).</summary>
    internal const int TJFLAG_NOREALLOC = 1024;

    /// <summary>tjBufSize's "-1" (arguments out of bounds), as the unsigned long it really returns.</summary>
    internal static readonly nuint BufSizeError = nuint.MaxValue;

    /// <summary><c>tjhandle tjInitCompress(void)</c>; NULL on failure.</summary>
    [LibraryImport(Library, EntryPoint = "tjInitCompress")]
    internal static partial TurboJpegHandle tjInitCompress();

    /// <summary><c>tjhandle tjInitDecompress(void)</c>; NULL on failure.</summary>
    [LibraryImport(Library, EntryPoint = "tjInitDecompress")]
    internal static partial TurboJpegHandle tjInitDecompress();

    /// <summary><c>int tjDestroy(tjhandle handle)</c></summary>
    [LibraryImport(Library, EntryPoint = "tjDestroy")]
    internal static partial int tjDestroy(nint handle);

    /// <summary>
    /// <c>int tjCompress2(tjhandle handle, const unsigned char *srcBuf, int width, int pitch,
    /// int height, int pixelFormat, unsigned char **jpegBuf, unsigned long *jpegSize,
    /// int jpegSubsamp, int jpegQual, int flags)</c>
    /// </summary>
    [LibraryImport(Library, EntryPoint = "tjCompress2")]
    internal static partial int tjCompress2(
        TurboJpegHandle handle, byte* srcBuf, int width, int pitch, int height, int pixelFormat,
        byte** jpegBuf, CULong* jpegSize, int jpegSubsamp, int jpegQual, int flags);

    /// <summary><c>unsigned long tjBufSize(int width, int height, int jpegSubsamp)</c>; (unsigned long)-1 when out of bounds.</summary>
    [LibraryImport(Library, EntryPoint = "tjBufSize")]
    internal static partial CULong tjBufSize(int width, int height, int jpegSubsamp);

    /// <summary><c>unsigned char *tjAlloc(int bytes)</c>; NULL when out of memory.</summary>
    [LibraryImport(Library, EntryPoint = "tjAlloc")]
    internal static partial TurboJpegBuffer tjAlloc(int bytes);

    /// <summary><c>void tjFree(unsigned char *buffer)</c></summary>
    [LibraryImport(Library, EntryPoint = "tjFree")]
    internal static partial void tjFree(nint buffer);

    /// <summary>
    /// <c>int tjDecompressHeader3(tjhandle handle, const unsigned char *jpegBuf,
    /// unsigned long jpegSize, int *width, int *height, int *jpegSubsamp, int *jpegColorspace)</c>
    /// </summary>
    [LibraryImport(Library, EntryPoint = "tjDecompressHeader3")]
    internal static partial int tjDecompressHeader3(
        TurboJpegHandle handle, byte* jpegBuf, CULong jpegSize,
        int* width, int* height, int* jpegSubsamp, int* jpegColorspace);

    /// <summary>
    /// <c>int tjDecompress2(tjhandle handle, const unsigned char *jpegBuf, unsigned long jpegSize,
    /// unsigned char *dstBuf, int width, int pitch, int height, int pixelFormat, int flags)</c>
    /// </summary>
    [LibraryImport(Library, EntryPoint = "tjDecompress2")]
    internal static partial int tjDecompress2(
        TurboJpegHandle handle, byte* jpegBuf, CULong jpegSize,
        byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);

    /// <summary>
    /// <c>char *tjGetErrorStr2(tjhandle handle)</c>. Returned as a pointer, not a string: the text
    /// lives in the handle, and a string marshaller would free it.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "tjGetErrorStr2")]
    internal static partial byte* tjGetErrorStr2(TurboJpegHandle handle);

    /// <summary><c>int tjGetErrorCode(tjhandle handle)</c>: TJERR_WARNING or TJERR_FATAL.</summary>
    [LibraryImport(Library, EntryPoint = "tjGetErrorCode")]
    internal static partial int tjGetErrorCode(TurboJpegHandle handle);
}
