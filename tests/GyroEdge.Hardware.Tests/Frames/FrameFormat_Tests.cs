using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Linux.V4l2;

namespace GyroEdge.Hardware.Tests.Frames;

public sealed class FrameFormat_Tests
{
    [Theory]
    [InlineData(FramePixelFormat.Rgb24, "RGB3")]
    [InlineData(FramePixelFormat.Bgr24, "BGR3")]
    [InlineData(FramePixelFormat.Yuyv, "YUYV")]
    [InlineData(FramePixelFormat.Nv12, "NV12")]
    [InlineData(FramePixelFormat.Grey, "GREY")]
    [InlineData(FramePixelFormat.Mjpeg, "MJPG")]
    public void Each_Pixel_Format_Has_Its_V4l2_Fourcc_And_Back(FramePixelFormat format, string fourCc)
    {
        Assert.Equal(fourCc, FrameFormat.ToFourCc(format).ToString());
        Assert.Equal(format, FrameFormat.FromFourCc(V4l2FourCc.Parse(fourCc)));
    }

    [Fact]
    public void A_Fourcc_GyroEdge_Does_Not_Take_Has_No_Pixel_Format()
    {
        Assert.Null(FrameFormat.FromFourCc(V4l2FourCc.Parse("H264")));
    }

    [Theory]
    [InlineData(FramePixelFormat.Rgb24, 640, 480, 640 * 480 * 3)]
    [InlineData(FramePixelFormat.Yuyv, 640, 480, 640 * 480 * 2)]
    [InlineData(FramePixelFormat.Nv12, 640, 480, 640 * 480 * 3 / 2)]
    [InlineData(FramePixelFormat.Grey, 641, 3, 641 * 3)]
    [InlineData(FramePixelFormat.Yuyv, 3, 1, 8)]
    public void Packed_Frames_Take_The_Bytes_Their_Layout_Needs(FramePixelFormat format, int width, int height, int bytes)
    {
        Assert.Equal(bytes, FrameFormat.Packed(format, width, height).FrameBytes);
    }

    [Fact]
    public void A_Stride_Shorter_Than_A_Line_Is_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new FrameFormat(FramePixelFormat.Rgb24, 100, 10, 299).Validate());

        Assert.Contains("needs at least 300 bytes; the stride is 299", error.Message, StringComparison.Ordinal);
    }
}
