using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Frames.Png;

namespace GyroEdge.Hardware.Tests.Frames;

public sealed class PngDecoder_Tests
{
    [Theory]
    [InlineData("rgb8_filter0", FramePixelFormat.Rgb24)]
    [InlineData("rgb8_filter1", FramePixelFormat.Rgb24)]
    [InlineData("rgb8_filter2", FramePixelFormat.Rgb24)]
    [InlineData("rgb8_filter3", FramePixelFormat.Rgb24)]
    [InlineData("rgb8_filter4", FramePixelFormat.Rgb24)]
    [InlineData("rgb8_split_idat", FramePixelFormat.Rgb24)]
    [InlineData("rgba8", FramePixelFormat.Rgb24)]
    [InlineData("palette8", FramePixelFormat.Rgb24)]
    [InlineData("grey8", FramePixelFormat.Grey)]
    [InlineData("grey_alpha8", FramePixelFormat.Grey)]
    [InlineData("grey16", FramePixelFormat.Grey)]
    public void Decodes_To_The_Pixels_Pillow_Reads(string name, FramePixelFormat format)
    {
        var expected = PngFixtures.Expected(name);
        var destination = new byte[expected.Length];

        var info = new PngDecoder().Decode(PngFixtures.Png(name), destination, FrameFormat.MinimumStride(format, 13), name);

        Assert.Equal((13, 7, format), (info.Width, info.Height, info.OutputFormat));
        Assert.Equal(expected, destination);
    }

    [Fact]
    public void Decodes_Into_A_Padded_Stride_Leaving_The_Padding_Alone()
    {
        var expected = PngFixtures.Expected("rgb8_filter4");
        const int stride = 48;
        var destination = new byte[stride * 7];
        destination.AsSpan().Fill(0xEE);

        new PngDecoder().Decode(PngFixtures.Png("rgb8_filter4"), destination, stride, "padded");

        for (var y = 0; y < 7; y++)
        {
            Assert.Equal(expected.AsSpan(y * 39, 39).ToArray(), destination.AsSpan(y * stride, 39).ToArray());
            Assert.All(destination.AsSpan((y * stride) + 39, stride - 39).ToArray(), b => Assert.Equal(0xEE, b));
        }
    }

    [Fact]
    public void One_Decoder_Decodes_Frame_After_Frame()
    {
        var decoder = new PngDecoder();
        var grey = new byte[91];
        var rgb = new byte[273];

        decoder.Decode(PngFixtures.Png("rgb8_filter2"), rgb, 39, "a");
        decoder.Decode(PngFixtures.Png("grey8"), grey, 13, "b");
        decoder.Decode(PngFixtures.Png("rgb8_filter3"), rgb, 39, "c");

        Assert.Equal(PngFixtures.Expected("grey8"), grey);
        Assert.Equal(PngFixtures.Expected("rgb8_filter3"), rgb);
    }

    [Fact]
    public void A_File_Cut_Short_Is_Refused_As_Torn()
    {
        var png = PngFixtures.Png("rgb8_filter1");

        var error = Assert.Throws<InvalidDataException>(() => new PngDecoder().Decode(png.AsSpan(0, png.Length - 20), new byte[273], 39, "frames/000007.png"));

        Assert.Contains("PNG frames/000007.png", error.Message, StringComparison.Ordinal);
        Assert.Contains("torn write", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Flipped_Bit_In_The_Image_Data_Fails_The_Chunk_Crc()
    {
        var png = PngFixtures.Png("rgb8_filter1");
        png[60] ^= 0x10;

        var error = Assert.Throws<InvalidDataException>(() => new PngDecoder().Decode(png, new byte[273], 39, "x.png"));

        Assert.Contains("fails the CRC of its IDAT chunk", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Jpeg_Is_Refused_As_Not_A_Png()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, .. new byte[60]];

        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.ReadInfo(jpeg, "frames/1.png"));

        Assert.Contains("does not start with the PNG signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Interlaced_Image_Is_Refused_With_What_To_Do()
    {
        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.ReadInfo(PngFixtures.Png("refused_interlaced"), "i.png"));

        Assert.Contains("is interlaced (Adam7)", error.Message, StringComparison.Ordinal);
        Assert.Contains("without interlacing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_One_Bit_Image_Is_Refused_Naming_What_Is_Supported()
    {
        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.ReadInfo(PngFixtures.Png("refused_1bit"), "b.png"));

        Assert.Contains("colour type 0 at 1 bits", error.Message, StringComparison.Ordinal);
        Assert.Contains("Convert the frame to 8-bit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Destination_Too_Small_Is_Refused()
    {
        Assert.Throws<ArgumentException>(() => new PngDecoder().Decode(PngFixtures.Png("grey8"), new byte[90], 13, "g.png"));
    }
}
