namespace GyroEdge.Hardware.Linux.V4l2;

/// <summary>A single-planar capture format (struct v4l2_pix_format), as the driver settled it.</summary>
/// <param name="Width">Pixels per line.</param>
/// <param name="Height">Lines per frame.</param>
/// <param name="PixelFormat">The fourcc.</param>
/// <param name="BytesPerLine">Stride, including any padding the driver adds; 0 for compressed formats.</param>
/// <param name="SizeImage">Bytes a buffer must hold for one frame.</param>
/// <param name="Field">enum v4l2_field; 1 (NONE) is progressive.</param>
/// <param name="Colorspace">enum v4l2_colorspace.</param>
public readonly record struct V4l2PixelFormat(uint Width, uint Height, V4l2FourCc PixelFormat, uint BytesPerLine, uint SizeImage, uint Field, uint Colorspace);
