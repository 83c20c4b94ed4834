namespace GyroEdge.Imaging.TurboJpeg;

/// <summary>The in-memory layouts GyroEdge encodes from and decodes into (TJPF values in turbojpeg.h).</summary>
public enum JpegPixelFormat
{
    /// <summary>3 bytes per pixel, R then G then B (TJPF_RGB).</summary>
    Rgb24 = 0,

    /// <summary>1 byte per pixel, luminance 0..255 (TJPF_GRAY).</summary>
    Gray8 = 6,
}

/// <summary>Sizes that follow from a <see cref="JpegPixelFormat"/>.</summary>
public static class JpegPixelFormatExtensions
{
    /// <summary>Bytes per pixel: 3 for RGB, 1 for grey.</summary>
    public static int BytesPerPixel(this JpegPixelFormat format) => format switch
    {
        JpegPixelFormat.Rgb24 => 3,
        JpegPixelFormat.Gray8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Expected JpegPixelFormat.Rgb24 or JpegPixelFormat.Gray8."),
    };
}
