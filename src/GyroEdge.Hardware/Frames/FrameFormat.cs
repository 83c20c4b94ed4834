using System.Globalization;
using GyroEdge.Hardware.Linux.V4l2;

namespace GyroEdge.Hardware.Frames;

/// <summary>A frame's layout: pixel format, size and stride (bytes per line of the first plane; 0 for MJPEG).</summary>
public readonly record struct FrameFormat(FramePixelFormat PixelFormat, int Width, int Height, int Stride)
{
    /// <summary>A tightly packed layout: stride = width × bytes per pixel.</summary>
    public static FrameFormat Packed(FramePixelFormat pixelFormat, int width, int height) =>
        new(pixelFormat, width, height, pixelFormat == FramePixelFormat.Mjpeg ? 0 : MinimumStride(pixelFormat, width));

    /// <summary>Bytes of one frame; for MJPEG, the uncompressed RGB size, which bounds any sane JPEG of that size.</summary>
    public int FrameBytes => PixelFormat switch
    {
        FramePixelFormat.Nv12 => checked(Stride * (Height + ((Height + 1) / 2))),
        FramePixelFormat.Mjpeg => checked((Width * Height * 3) + 4096),
        _ => checked(Stride * Height),
    };

    /// <summary>The least stride that holds a line of <paramref name="width"/> pixels.</summary>
    public static int MinimumStride(FramePixelFormat pixelFormat, int width) => pixelFormat switch
    {
        FramePixelFormat.Rgb24 or FramePixelFormat.Bgr24 => checked(width * 3),
        FramePixelFormat.Yuyv => checked(((width + 1) / 2) * 4),
        FramePixelFormat.Nv12 or FramePixelFormat.Grey => width,
        FramePixelFormat.Mjpeg => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(pixelFormat), pixelFormat, "Not a frame pixel format."),
    };

    /// <summary>Throws if the layout cannot hold its pixels.</summary>
    public void Validate()
    {
        if (Width <= 0 || Height <= 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A frame must have a positive size; got {Width}x{Height}."));
        var minimum = MinimumStride(PixelFormat, Width);
        if (Stride < minimum)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A {PixelFormat} line of {Width} pixels needs at least {minimum} bytes; the stride is {Stride}."));
    }

    /// <summary>The V4L2 fourcc of a pixel format.</summary>
    public static V4l2FourCc ToFourCc(FramePixelFormat pixelFormat) => pixelFormat switch
    {
        FramePixelFormat.Rgb24 => V4l2FourCc.Rgb24,
        FramePixelFormat.Bgr24 => V4l2FourCc.Parse("BGR3"),
        FramePixelFormat.Yuyv => V4l2FourCc.Yuyv,
        FramePixelFormat.Nv12 => V4l2FourCc.Nv12,
        FramePixelFormat.Grey => V4l2FourCc.Grey,
        FramePixelFormat.Mjpeg => V4l2FourCc.Mjpeg,
        _ => throw new ArgumentOutOfRangeException(nameof(pixelFormat), pixelFormat, "Not a frame pixel format."),
    };

    /// <summary>The pixel format of a V4L2 fourcc, or null for one GyroEdge does not take.</summary>
    public static FramePixelFormat? FromFourCc(V4l2FourCc fourCc)
    {
        foreach (var format in Enum.GetValues<FramePixelFormat>())
        {
            if (ToFourCc(format) == fourCc)
                return format;
        }
        return null;
    }
}
