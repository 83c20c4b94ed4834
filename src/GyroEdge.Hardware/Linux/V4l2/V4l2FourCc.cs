using System.Text;
using GyroEdge.Hardware.Linux.Interop;

namespace GyroEdge.Hardware.Linux.V4l2;

/// <summary>A V4L2 pixel format code: four ASCII characters packed little-endian (v4l2_fourcc).</summary>
public readonly record struct V4l2FourCc(uint Value)
{
    /// <summary>YUYV 4:2:2, 16 bits per pixel: what most USB cameras stream uncompressed.</summary>
    public static V4l2FourCc Yuyv { get; } = new(V4l2Abi.V4L2_PIX_FMT_YUYV);

    /// <summary>8-bit greyscale (monochrome global-shutter sensors).</summary>
    public static V4l2FourCc Grey { get; } = new(V4l2Abi.V4L2_PIX_FMT_GREY);

    /// <summary>"RGB3": 24-bit RGB, 8-8-8.</summary>
    public static V4l2FourCc Rgb24 { get; } = new(V4l2Abi.V4L2_PIX_FMT_RGB24);

    /// <summary>Motion-JPEG: each buffer a JPEG image, bytesused varies per frame.</summary>
    public static V4l2FourCc Mjpeg { get; } = new(V4l2Abi.V4L2_PIX_FMT_MJPEG);

    /// <summary>NV12: Y plane then interleaved CbCr, 4:2:0, 12 bits per pixel.</summary>
    public static V4l2FourCc Nv12 { get; } = new(V4l2Abi.V4L2_PIX_FMT_NV12);

    /// <summary>Packs four ASCII characters, e.g. "YUYV", as v4l2_fourcc does.</summary>
    public static V4l2FourCc Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != 4 || !Ascii.IsValid(code))
            throw new FormatException($"A fourcc is exactly four ASCII characters, like \"YUYV\"; got \"{code}\".");
        return new V4l2FourCc(code[0] | ((uint)code[1] << 8) | ((uint)code[2] << 16) | ((uint)code[3] << 24));
    }

    /// <summary>The four characters, e.g. "YUYV"; bit 31 set marks a big-endian variant, shown as "-BE".</summary>
    public override string ToString()
    {
        Span<char> text = stackalloc char[4];
        for (var i = 0; i < 4; i++)
            text[i] = (char)((Value >> (8 * i)) & (i == 3 ? 0x7Fu : 0xFFu));
        return (Value & 0x8000_0000) != 0 ? new string(text) + "-BE" : new string(text);
    }
}
