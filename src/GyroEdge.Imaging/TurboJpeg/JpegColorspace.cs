namespace GyroEdge.Imaging.TurboJpeg;

/// <summary>The colour space a JPEG stores its samples in (TJCS in turbojpeg.h; the values are the C codes).</summary>
public enum JpegColorspace
{
    Rgb = 0,

    /// <summary>What almost every camera and encoder writes, GyroEdge included.</summary>
    YCbCr = 1,

    Gray = 2,

    /// <summary>Print-oriented; cannot be decoded to RGB or grey without a colour manager.</summary>
    Cmyk = 3,

    /// <summary>Print-oriented; cannot be decoded to RGB or grey without a colour manager.</summary>
    Ycck = 4,
}
