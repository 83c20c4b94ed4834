namespace GyroEdge.Imaging.TurboJpeg;

/// <summary>What a JPEG's header says about the image, read without decoding the pixels.</summary>
/// <param name="Width">Pixels per row.</param>
/// <param name="Height">Rows.</param>
/// <param name="Subsampling">How the colour was subsampled when the stream was written.</param>
/// <param name="Colorspace">The colour space of the stored samples.</param>
public readonly record struct JpegHeader(int Width, int Height, ChromaSubsampling Subsampling, JpegColorspace Colorspace)
{
    /// <summary>Bytes a tightly packed decode into <paramref name="format"/> needs (width x height x bytes per pixel).</summary>
    public int RequiredBytes(JpegPixelFormat format) => checked(Width * Height * format.BytesPerPixel());
}
