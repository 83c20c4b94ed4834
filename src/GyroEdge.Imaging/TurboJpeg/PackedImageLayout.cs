namespace GyroEdge.Imaging.TurboJpeg;

/// <summary>Checks a packed-pixel buffer against its width, height and stride before a pointer to it reaches native code.</summary>
internal static class PackedImageLayout
{
    internal const int MaxDimension = 65_500; // JPEG stores dimensions in 16 bits; libjpeg's JPEG_MAX_DIMENSION is 65500.

    /// <summary>Validates the arguments and returns how many bytes the image spans (the last row needs no padding).</summary>
    internal static long Validate(int bufferLength, int width, int height, int stride, JpegPixelFormat format, string bufferName)
    {
        if (width is < 1 or > MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"Image width must be 1 to {MaxDimension} pixels (the JPEG limit).");
        if (height is < 1 or > MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(height), height, $"Image height must be 1 to {MaxDimension} pixels (the JPEG limit).");
        var rowBytes = (long)width * format.BytesPerPixel();
        if (stride < rowBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride,
                $"The stride (bytes from one row to the next) must be at least width x {format.BytesPerPixel()} = {rowBytes} for {format}; pass the camera buffer's bytes-per-line.");
        }
        var spanned = (long)stride * (height - 1) + rowBytes;
        if (bufferLength < spanned)
        {
            throw new ArgumentException(
                $"The {bufferName} holds {bufferLength} bytes, but a {width}x{height} {format} image with stride {stride} spans {spanned}. "
                + "Pass the whole frame, or a smaller width/height.",
                bufferName);
        }
        return spanned;
    }
}
