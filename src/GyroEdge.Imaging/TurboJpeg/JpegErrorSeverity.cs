namespace GyroEdge.Imaging.TurboJpeg;

/// <summary>How bad a libturbojpeg failure was (TJERR in turbojpeg.h; the values are the C codes).</summary>
public enum JpegErrorSeverity
{
    /// <summary>TJERR_WARNING: the operation completed, but the input was damaged and the image may be partly wrong.</summary>
    Warning = 0,

    /// <summary>TJERR_FATAL: the operation stopped; there is no usable output.</summary>
    Fatal = 1,
}
