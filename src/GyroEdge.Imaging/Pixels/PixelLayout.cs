namespace GyroEdge.Imaging.Pixels;

/// <summary>How many bytes a frame of each <see cref="PixelFormat"/> takes, and the checks a frame buffer must pass.</summary>
public static class PixelLayout
{
    /// <summary>The smallest row length in bytes (of the Y plane for NV12).</summary>
    public static int MinimumStride(PixelFormat format, int width) => format switch
    {
        PixelFormat.Rgb24 or PixelFormat.Bgr24 => checked(width * 3),
        PixelFormat.Yuyv => checked(width * 2),
        PixelFormat.Nv12 or PixelFormat.Grey => width,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pixel format."),
    };

    /// <summary>Bytes a frame needs with rows of <paramref name="stride"/> bytes: every row, and NV12's chroma plane.</summary>
    public static int ByteCount(PixelFormat format, int width, int height, int stride)
    {
        _ = width;
        var rows = checked(stride * height);
        return format == PixelFormat.Nv12 ? checked(rows + (stride * (height / 2))) : rows;
    }

    /// <summary>Bytes of a tightly packed frame (rows of <see cref="MinimumStride"/>).</summary>
    public static int PackedByteCount(PixelFormat format, int width, int height) =>
        ByteCount(format, width, height, MinimumStride(format, width));

    /// <summary>
    /// Throws unless a <paramref name="width"/> x <paramref name="height"/> frame of
    /// <paramref name="format"/> with rows of <paramref name="stride"/> bytes fits in <paramref name="length"/> bytes.
    /// </summary>
    /// <exception cref="ArgumentException">The message names the frame, what it needs and what it got.</exception>
    public static void Check(PixelFormat format, int width, int height, int stride, int length, string what)
    {
        if (!Enum.IsDefined(format))
            throw new ArgumentOutOfRangeException(nameof(format), format, $"{what}: unknown pixel format {(int)format}; use one of {string.Join(", ", Enum.GetNames<PixelFormat>())}.");
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"{what}: a frame is at least 1x1 pixels; got {width}x{height}.");
        if (format is PixelFormat.Yuyv or PixelFormat.Nv12 && width % 2 != 0)
            throw new ArgumentException($"{what}: a {format} frame shares chroma between pixel pairs, so its width must be even; got {width}.");
        if (format == PixelFormat.Nv12 && height % 2 != 0)
            throw new ArgumentException($"{what}: an NV12 frame shares chroma between row pairs, so its height must be even; got {height}.");
        var minimum = MinimumStride(format, width);
        if (stride < minimum)
            throw new ArgumentException($"{what}: a {width}-pixel {format} row needs at least {minimum} bytes; the stride is {stride}.");
        var needed = ByteCount(format, width, height, stride);
        if (length < needed)
            throw new ArgumentException($"{what}: a {width}x{height} {format} frame with {stride}-byte rows needs {needed} bytes; the buffer has {length}.");
    }
}
