using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GyroEdge.Inference.OnnxRuntime.Interop;

internal static unsafe partial class OrtApi
{
    /// <summary>
    /// The one error path: every OrtStatus* an ORT function returns goes through here. NULL is
    /// success and costs a comparison; anything else becomes an <see cref="OnnxRuntimeException"/>
    /// carrying ORT's code and message and the call that failed, and the status is released.
    /// </summary>
    /// <param name="status">What the function returned.</param>
    /// <param name="call">The C function's name, e.g. "CreateSession" (a literal: no allocation on success).</param>
    /// <param name="subject">What the call concerned (a model path, an input name), if that helps the reader.</param>
    internal static void Check(nint status, string call, string? subject = null)
    {
        if (status != 0)
            ThrowFor(status, call, subject);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFor(nint status, string call, string? subject)
    {
        OrtErrorCode code;
        string message;
        try
        {
            code = (OrtErrorCode)getErrorCode(status);
            message = Marshal.PtrToStringUTF8((nint)getErrorMessage(status)) ?? "";
        }
        finally
        {
            releaseStatus(status);
        }
        throw new OnnxRuntimeException(code, message, call, subject);
    }

    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="text"/>, as every ORT string parameter expects.</summary>
    internal static byte[] Utf8z(string text)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(text) + 1];
        System.Text.Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
