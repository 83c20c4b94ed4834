using System.Runtime.InteropServices;

namespace GyroEdge.Imaging.TurboJpeg.Interop;

/// <summary>
/// The one path from a TurboJPEG -1 to a <see cref="JpegException"/>. libturbojpeg 2.1 returns -1
/// for warnings too (a damaged but decodable stream: "Premature end of JPEG file"), and
/// tjGetErrorCode tells the two apart: TJERR_WARNING means the call ran to completion and its
/// output is usable, TJERR_FATAL means it stopped.
/// </summary>
internal static unsafe class TurboJpegError
{
    /// <summary>
    /// Null when <paramref name="result"/> is 0; the native warning text when the call finished
    /// with a warning; throws a fatal <see cref="JpegException"/> otherwise.
    /// </summary>
    internal static string? ThrowIfFatal(int result, TurboJpegHandle handle, string operation, string advice)
    {
        if (result == 0)
            return null;
        var message = NativeMessage(handle);
        if (TurboJpegNative.tjGetErrorCode(handle) == TurboJpegNative.TJERR_WARNING)
            return message;
        throw new JpegException(operation, message, JpegErrorSeverity.Fatal, advice);
    }

    /// <summary>
    /// Throws for any -1, warnings included: for the compressor, where a warning is never expected
    /// and a half-trusted stream must not be published.
    /// </summary>
    internal static void ThrowIfFailed(int result, TurboJpegHandle handle, string operation, string advice)
    {
        if (result == 0)
            return;
        var severity = TurboJpegNative.tjGetErrorCode(handle) == TurboJpegNative.TJERR_WARNING
            ? JpegErrorSeverity.Warning
            : JpegErrorSeverity.Fatal;
        throw new JpegException(operation, NativeMessage(handle), severity, advice);
    }

    /// <summary>For a tjInit* that returned NULL: the library's global error text.</summary>
    internal static JpegException InitFailed(TurboJpegHandle handle, string operation) =>
        new(operation, NativeMessage(handle), JpegErrorSeverity.Fatal,
            "libturbojpeg could not allocate an instance; the process is probably out of memory.");

    private static string NativeMessage(TurboJpegHandle handle)
    {
        var text = TurboJpegNative.tjGetErrorStr2(handle);
        return text is null ? "(libturbojpeg gave no message)" : Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
    }
}
