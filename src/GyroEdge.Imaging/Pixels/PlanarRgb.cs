namespace GyroEdge.Imaging.Pixels;

/// <summary>
/// Conversions between 8-bit interleaved RGB (what cameras and JPEG give) and the model
/// contract's planar float RGB in [0,1] ([3,H,W], DESIGN.md "The model contract").
/// Both directions write into caller buffers and allocate nothing: they run once per frame.
/// </summary>
public static class PlanarRgb
{
    /// <summary>Interleaved RGB8 (stride = width * 3) to planar [3,H,W] floats in [0,1].</summary>
    public static void FromInterleaved(ReadOnlySpan<byte> rgb, int width, int height, Span<float> planar)
    {
        var pixels = CheckSizes(rgb.Length, width, height, planar.Length);
        var red = planar[..pixels];
        var green = planar.Slice(pixels, pixels);
        var blue = planar.Slice(2 * pixels, pixels);
        const float scale = 1f / 255f;
        for (int p = 0, i = 0; p < pixels; p++, i += 3)
        {
            red[p] = rgb[i] * scale;
            green[p] = rgb[i + 1] * scale;
            blue[p] = rgb[i + 2] * scale;
        }
    }

    /// <summary>
    /// Planar [3,H,W] floats to interleaved RGB8: clamped to [0,1], then rounded to the nearest
    /// level, the convention every quality figure uses (reference/deblurring.md: "PSNR on 8-bit
    /// RGB after rounding"). NaN becomes 0, so one bad model output cannot crash an encoder.
    /// </summary>
    public static void ToInterleaved(ReadOnlySpan<float> planar, int width, int height, Span<byte> rgb)
    {
        var pixels = CheckSizes(rgb.Length, width, height, planar.Length);
        var red = planar[..pixels];
        var green = planar.Slice(pixels, pixels);
        var blue = planar.Slice(2 * pixels, pixels);
        for (int p = 0, i = 0; p < pixels; p++, i += 3)
        {
            rgb[i] = ToByte(red[p]);
            rgb[i + 1] = ToByte(green[p]);
            rgb[i + 2] = ToByte(blue[p]);
        }
    }

    private static byte ToByte(float unit)
    {
        // !(x > 0) is true for NaN too, so NaN and negatives both map to 0.
        if (!(unit > 0f))
            return 0;
        if (unit >= 1f)
            return 255;
        return (byte)((unit * 255f) + 0.5f);
    }

    private static int CheckSizes(int interleavedLength, int width, int height, int planarLength)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"An image is at least 1x1 pixels; got {width}x{height}.");
        var pixels = checked(width * height);
        if (interleavedLength < pixels * 3)
            throw new ArgumentException($"A {width}x{height} RGB8 image needs {pixels * 3} bytes; the buffer has {interleavedLength}.");
        if (planarLength < pixels * 3)
            throw new ArgumentException($"A {width}x{height} planar RGB tensor needs {pixels * 3} floats; the buffer has {planarLength}.");
        return pixels;
    }
}
