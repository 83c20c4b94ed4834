namespace GyroEdge.Imaging.Pixels;

/// <summary>
/// A camera frame as the source hands it over: its bytes (not copied), size, pixel format and
/// row stride (V4L2's bytesperline, which may exceed the pixels' width). A ref struct, so a
/// view over a driver's mapped buffer cannot outlive the call it is passed to.
/// </summary>
public readonly ref struct FrameView
{
    /// <param name="stride">Bytes per row (of the Y plane for NV12); 0 means tightly packed.</param>
    /// <exception cref="ArgumentException">The buffer is too small for the size, format and stride, or the size does not suit the format.</exception>
    public FrameView(ReadOnlySpan<byte> pixels, int width, int height, PixelFormat format, int stride = 0)
    {
        if (stride == 0 && width > 0 && Enum.IsDefined(format))
            stride = PixelLayout.MinimumStride(format, width);
        PixelLayout.Check(format, width, height, stride, pixels.Length, "FrameView");
        Pixels = pixels;
        Width = width;
        Height = height;
        Format = format;
        Stride = stride;
    }

    public ReadOnlySpan<byte> Pixels { get; }

    public int Width { get; }

    public int Height { get; }

    public PixelFormat Format { get; }

    /// <summary>Bytes from one row to the next (of the Y plane and, for NV12, of the UV plane after it).</summary>
    public int Stride { get; }
}
