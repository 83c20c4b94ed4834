namespace GyroEdge.Imaging.TurboJpeg;

/// <summary>
/// What <see cref="JpegDecoder"/> does with a stream libturbojpeg can decode only with a warning
/// (TJERR_WARNING: truncated or with corrupt entropy-coded data). Streams it cannot decode at
/// all always throw.
/// </summary>
public enum JpegDamagePolicy
{
    /// <summary>
    /// Return the pixels and the warning in <see cref="JpegDecodeResult.Warning"/>. The default,
    /// as in libjpeg itself: a frame with a damaged tail is still worth showing or logging.
    /// </summary>
    Report = 0,

    /// <summary>
    /// Throw a <see cref="JpegException"/> with <see cref="JpegErrorSeverity.Warning"/>: for
    /// consumers such as dataset building, where a partly grey image would poison the data.
    /// </summary>
    Reject = 1,
}
