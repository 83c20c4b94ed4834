namespace GyroEdge.Imaging.TurboJpeg;

/// <summary>
/// A JPEG could not be encoded or decoded. The message says what was attempted, what
/// libturbojpeg reported (its own text is kept in <see cref="NativeMessage"/>), and what to do.
/// </summary>
public sealed class JpegException : Exception
{
    public JpegException()
        : this("A JPEG operation failed.")
    {
    }

    public JpegException(string message)
        : base(message)
    {
        Operation = string.Empty;
        NativeMessage = string.Empty;
        Severity = JpegErrorSeverity.Fatal;
    }

    public JpegException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = string.Empty;
        NativeMessage = string.Empty;
        Severity = JpegErrorSeverity.Fatal;
    }

    public JpegException(string operation, string nativeMessage, JpegErrorSeverity severity, string advice)
        : base($"{operation} failed: {nativeMessage} (libturbojpeg {(severity == JpegErrorSeverity.Warning ? "warning" : "fatal error")}). {advice}")
    {
        Operation = operation;
        NativeMessage = nativeMessage;
        Severity = severity;
    }

    /// <summary>What was being done, e.g. "JPEG decode".</summary>
    public string Operation { get; }

    /// <summary>tjGetErrorStr2's text, or empty when the failure was found before calling the library.</summary>
    public string NativeMessage { get; }

    /// <summary>tjGetErrorCode's verdict; <see cref="JpegErrorSeverity.Fatal"/> for failures found in managed code.</summary>
    public JpegErrorSeverity Severity { get; }
}
