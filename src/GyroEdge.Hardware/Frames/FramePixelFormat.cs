namespace GyroEdge.Hardware.Frames;

/// <summary>The pixel layouts a frame source delivers (the V4L2 fourcc in brackets).</summary>
public enum FramePixelFormat
{
    /// <summary>8-bit R, G, B per pixel ("RGB3").</summary>
    Rgb24,

    /// <summary>8-bit B, G, R per pixel ("BGR3").</summary>
    Bgr24,

    /// <summary>4:2:2 packed Y0 U Y1 V, two pixels in four bytes ("YUYV").</summary>
    Yuyv,

    /// <summary>4:2:0: a Y plane of stride × height, then interleaved UV of stride × height/2 ("NV12").</summary>
    Nv12,

    /// <summary>8-bit luminance ("GREY").</summary>
    Grey,

    /// <summary>One JPEG image per frame, its length varying ("MJPG").</summary>
    Mjpeg,
}
