namespace GyroEdge.Imaging.Pixels;

/// <summary>
/// The 8-bit pixel layouts GyroEdge's frame sources deliver (V4L2 cameras, replayed recordings,
/// the simulator) and its consumers take back. <see cref="PixelLayout"/> gives each one's sizes.
/// </summary>
public enum PixelFormat
{
    /// <summary>R, G, B bytes per pixel (V4L2 RGB24, libturbojpeg TJPF_RGB).</summary>
    Rgb24,

    /// <summary>B, G, R bytes per pixel (V4L2 BGR24, OpenCV's order).</summary>
    Bgr24,

    /// <summary>
    /// YUV 4:2:2, Y0 U Y1 V for each pair of pixels (V4L2 YUYV, what USB cameras send).
    /// BT.601 limited range (<see cref="Bt601"/>). Width must be even.
    /// </summary>
    Yuyv,

    /// <summary>
    /// YUV 4:2:0: the Y plane (one byte per pixel, rows of Stride bytes), then an interleaved U V
    /// plane at half resolution with the same stride (V4L2 NV12, what Jetson's ISP and hardware
    /// decoders give). BT.601 limited range. Width and height must be even.
    /// </summary>
    Nv12,

    /// <summary>One full-range luminance byte per pixel (V4L2 GREY, monochrome sensors).</summary>
    Grey,
}
