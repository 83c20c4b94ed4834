namespace GyroEdge.Imaging.Pixels;

/// <summary>
/// Conversions between 8-bit frames (what cameras and JPEG give) and the model contract's planar
/// float RGB in [0,1] ([3,H,W], DESIGN.md "The model contract"). Every method writes into caller
/// buffers and allocates nothing: they run once per frame.
/// </summary>
public static partial class PlanarRgb
{
    /// <summary>Interleaved RGB8 (stride = width * 3) to planar [3,H,W] floats in [0,1].</summary>
    public static void FromInterleaved(ReadOnlySpan<byte> rgb, int width, int height, Span<float> planar)
    {
        CheckSizes(rgb.Length, width, height, planar.Length);
        FromFrame(new FrameView(rgb, width, height, PixelFormat.Rgb24), planar, width, height);
    }

    /// <summary>
    /// Planar [3,H,W] floats to interleaved RGB8: clamped to [0,1], then rounded to the nearest
    /// level, the convention every quality figure uses (reference/deblurring.md: "PSNR on 8-bit
    /// RGB after rounding"). NaN becomes 0, so one bad model output cannot crash an encoder.
    /// </summary>
    public static void ToInterleaved(ReadOnlySpan<float> planar, int width, int height, Span<byte> rgb)
    {
        CheckSizes(rgb.Length, width, height, planar.Length);
        ToFrame(planar, width, height, rgb, PixelFormat.Rgb24, width, height);
    }

    /// <summary>
    /// Converts <paramref name="frame"/> into the top-left corner of planar [3, planeHeight,
    /// planeWidth] floats in [0,1], and fills the rest by repeating the last column to the right
    /// and the last row downwards. A network whose stride does not divide the frame's size runs on
    /// the padded planes; replicating the edge rather than padding with black keeps a false edge
    /// (which a deblurring network would sharpen into a halo) out of the image.
    /// YUYV and NV12 are read as BT.601 limited range (<see cref="Bt601"/>), GREY as full range.
    /// </summary>
    /// <exception cref="ArgumentException">The planes are smaller than the frame or the buffer is too small for them.</exception>
    public static void FromFrame(FrameView frame, Span<float> planar, int planeWidth, int planeHeight)
    {
        var plane = CheckPlanes(frame.Width, frame.Height, planeWidth, planeHeight, planar.Length);
        var red = planar[..plane];
        var green = planar.Slice(plane, plane);
        var blue = planar.Slice(2 * plane, plane);
        int width = frame.Width, height = frame.Height, stride = frame.Stride;
        var pixels = frame.Pixels;
        var rowBytes = PixelLayout.MinimumStride(frame.Format, width);
        for (var y = 0; y < height; y++)
        {
            var offset = y * planeWidth;
            var r = red.Slice(offset, planeWidth);
            var g = green.Slice(offset, planeWidth);
            var b = blue.Slice(offset, planeWidth);
            var row = pixels.Slice(y * stride, rowBytes);
            switch (frame.Format)
            {
                case PixelFormat.Rgb24:
                    ReadRgbRow(row, r, g, b, width);
                    break;
                case PixelFormat.Bgr24:
                    ReadRgbRow(row, b, g, r, width);
                    break;
                case PixelFormat.Grey:
                    ReadGreyRow(row, r, g, b, width);
                    break;
                case PixelFormat.Yuyv:
                    ReadYuyvRow(row, r, g, b, width);
                    break;
                case PixelFormat.Nv12:
                    ReadNv12Row(row, pixels.Slice((stride * height) + ((y / 2) * stride), width), r, g, b, width);
                    break;
            }
            if (planeWidth > width)
            {
                r[width..].Fill(r[width - 1]);
                g[width..].Fill(g[width - 1]);
                b[width..].Fill(b[width - 1]);
            }
        }
        var last = (height - 1) * planeWidth;
        for (var y = height; y < planeHeight; y++)
        {
            red.Slice(last, planeWidth).CopyTo(red.Slice(y * planeWidth, planeWidth));
            green.Slice(last, planeWidth).CopyTo(green.Slice(y * planeWidth, planeWidth));
            blue.Slice(last, planeWidth).CopyTo(blue.Slice(y * planeWidth, planeWidth));
        }
    }

    /// <summary>
    /// Writes the top-left <paramref name="width"/> x <paramref name="height"/> of planar [3,
    /// planeHeight, planeWidth] floats as a tightly packed frame of <paramref name="format"/>
    /// (<see cref="PixelLayout.PackedByteCount"/> bytes): each value clamped to [0,1] (NaN to 0),
    /// then rounded to the nearest level. YUYV and NV12 are written as BT.601 limited range with
    /// each pixel pair's (NV12: 2x2 block's) chroma averaged; GREY as full-range BT.601 luma.
    /// </summary>
    /// <exception cref="ArgumentException">A buffer is too small, or the size does not suit the format.</exception>
    public static void ToFrame(ReadOnlySpan<float> planar, int planeWidth, int planeHeight, Span<byte> output, PixelFormat format, int width, int height)
    {
        var plane = CheckPlanes(width, height, planeWidth, planeHeight, planar.Length);
        var stride = PixelLayout.MinimumStride(format, width);
        PixelLayout.Check(format, width, height, stride, output.Length, "ToFrame output");
        var red = planar[..plane];
        var green = planar.Slice(plane, plane);
        var blue = planar.Slice(2 * plane, plane);
        // Scratch for one chunk of clamped values (two rows of three planes for NV12), on the stack: no allocation.
        Span<float> units = stackalloc float[6 * Chunk];
        Span<byte> levels = stackalloc byte[3 * Chunk];
        if (format == PixelFormat.Nv12)
        {
            WriteNv12(red, green, blue, planeWidth, output, width, height, units);
            return;
        }
        for (var y = 0; y < height; y++)
        {
            var offset = y * planeWidth;
            var r = red.Slice(offset, width);
            var g = green.Slice(offset, width);
            var b = blue.Slice(offset, width);
            var row = output.Slice(y * stride, stride);
            switch (format)
            {
                case PixelFormat.Rgb24:
                    WriteRgbRow(r, g, b, row, width, levels);
                    break;
                case PixelFormat.Bgr24:
                    WriteRgbRow(b, g, r, row, width, levels);
                    break;
                case PixelFormat.Grey:
                    WriteGreyRow(r, g, b, row, width, units);
                    break;
                case PixelFormat.Yuyv:
                    WriteYuyvRow(r, g, b, row, width, units);
                    break;
            }
        }
    }

    private static int CheckPlanes(int width, int height, int planeWidth, int planeHeight, int planarLength)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"An image is at least 1x1 pixels; got {width}x{height}.");
        if (planeWidth < width || planeHeight < height)
        {
            throw new ArgumentException(
                $"Planes of {planeWidth}x{planeHeight} cannot hold a {width}x{height} frame; they must be at least as wide and as tall.");
        }
        var plane = checked(planeWidth * planeHeight);
        if (planarLength < checked(plane * 3))
            throw new ArgumentException($"A {planeWidth}x{planeHeight} planar RGB tensor needs {plane * 3} floats; the buffer has {planarLength}.");
        return plane;
    }

    private static void CheckSizes(int interleavedLength, int width, int height, int planarLength)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"An image is at least 1x1 pixels; got {width}x{height}.");
        var pixels = checked(width * height);
        if (interleavedLength < pixels * 3)
            throw new ArgumentException($"A {width}x{height} RGB8 image needs {pixels * 3} bytes; the buffer has {interleavedLength}.");
        if (planarLength < pixels * 3)
            throw new ArgumentException($"A {width}x{height} planar RGB tensor needs {pixels * 3} floats; the buffer has {planarLength}.");
    }
}
