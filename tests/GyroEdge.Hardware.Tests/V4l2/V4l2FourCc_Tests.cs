using GyroEdge.Hardware.Linux.V4l2;

namespace GyroEdge.Hardware.Tests.V4l2;

public sealed class V4l2FourCc_Tests
{
    [Theory]
    [InlineData("YUYV", 0x56595559u)]
    [InlineData("GREY", 0x59455247u)]
    [InlineData("RGB3", 0x33424752u)]
    [InlineData("MJPG", 0x47504A4Du)]
    [InlineData("NV12", 0x3231564Eu)]
    public void Packs_Four_Characters_Little_Endian_As_V4l2_Fourcc_Does(string code, uint expected)
    {
        var fourCc = V4l2FourCc.Parse(code);

        Assert.Equal(expected, fourCc.Value);
        Assert.Equal(code, fourCc.ToString());
    }

    [Fact]
    public void Names_The_Formats_GyroEdge_Captures()
    {
        Assert.Equal(["YUYV", "GREY", "RGB3", "MJPG", "NV12"],
            new[] { V4l2FourCc.Yuyv, V4l2FourCc.Grey, V4l2FourCc.Rgb24, V4l2FourCc.Mjpeg, V4l2FourCc.Nv12 }.Select(f => f.ToString()));
    }

    [Fact]
    public void Shows_The_Big_Endian_Bit_Apart_From_The_Characters()
    {
        Assert.Equal("RGBR-BE", new V4l2FourCc(V4l2FourCc.Parse("RGBR").Value | 0x8000_0000).ToString());
    }

    [Fact]
    public void Refuses_A_Code_That_Is_Not_Four_Ascii_Characters()
    {
        var error = Assert.Throws<FormatException>(() => V4l2FourCc.Parse("YUV"));

        Assert.Contains("exactly four ASCII characters", error.Message, StringComparison.Ordinal);
    }
}
