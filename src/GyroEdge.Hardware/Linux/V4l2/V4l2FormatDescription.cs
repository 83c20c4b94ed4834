namespace GyroEdge.Hardware.Linux.V4l2;

/// <summary>One format a capture node offers (struct v4l2_fmtdesc).</summary>
/// <param name="PixelFormat">The fourcc.</param>
/// <param name="Description">The driver's text, e.g. "YUYV 4:2:2".</param>
/// <param name="IsCompressed">V4L2_FMT_FLAG_COMPRESSED (MJPEG, H.264).</param>
/// <param name="IsEmulated">V4L2_FMT_FLAG_EMULATED: converted in software, not native to the hardware.</param>
public sealed record V4l2FormatDescription(V4l2FourCc PixelFormat, string Description, bool IsCompressed, bool IsEmulated);
