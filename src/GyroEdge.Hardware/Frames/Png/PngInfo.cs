namespace GyroEdge.Hardware.Frames.Png;

/// <summary>What a PNG's IHDR says, and the frame layout it decodes to.</summary>
public readonly record struct PngInfo(int Width, int Height, int BitDepth, PngColorType ColorType)
{
    /// <summary>Greyscale images decode to GREY, the rest to RGB24 (alpha dropped, 16-bit reduced to its high byte).</summary>
    public FramePixelFormat OutputFormat =>
        ColorType is PngColorType.Greyscale or PngColorType.GreyscaleWithAlpha ? FramePixelFormat.Grey : FramePixelFormat.Rgb24;

    public FrameFormat OutputLayout => FrameFormat.Packed(OutputFormat, Width, Height);

    /// <summary>Samples per pixel in the file.</summary>
    internal int Channels => ColorType switch
    {
        PngColorType.Greyscale or PngColorType.IndexedColour => 1,
        PngColorType.GreyscaleWithAlpha => 2,
        PngColorType.Truecolour => 3,
        _ => 4,
    };

    /// <summary>Bytes per complete pixel in the file, the filters' "bpp" (at least 1).</summary>
    internal int BytesPerPixel => Channels * BitDepth / 8;

    internal int RowBytes => checked(Width * BytesPerPixel);
}
