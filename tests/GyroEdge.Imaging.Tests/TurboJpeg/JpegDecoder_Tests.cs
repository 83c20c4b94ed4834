using GyroEdge.Imaging.TurboJpeg;
using GyroEdge.TestSupport;

namespace GyroEdge.Imaging.Tests.TurboJpeg;

public class JpegDecoder_Tests
{
    private const int Width = 160;
    private const int Height = 120;

    private static string Bsds500 => Path.Combine(Repository.SharedData, "sharp", "bsds500");

    private static byte[] EncodedFrame(int quality = 90)
    {
        using var encoder = new JpegEncoder(quality);
        return encoder.EncodeRgb(TestImages.NaturalRgb(Width, Height), Width, Height).ToArray();
    }

    [Fact]
    public void Decodes_A_Real_Bsds500_Photo_At_Its_Published_Size()
    {
        // BSDS500 images are all 481x321, landscape or portrait (Arbelaez et al., TPAMI 2011).
        var path = Directory.EnumerateFiles(Bsds500, "*.jpg").Order(StringComparer.Ordinal).First();
        var jpeg = File.ReadAllBytes(path);
        using var decoder = new JpegDecoder(JpegDamagePolicy.Reject);

        var header = decoder.ReadHeader(jpeg);
        var rgb = new byte[header.RequiredBytes(JpegPixelFormat.Rgb24)];
        var result = decoder.Decode(jpeg, rgb, JpegPixelFormat.Rgb24);

        Assert.Contains((result.Header.Width, result.Header.Height), new[] { (481, 321), (321, 481) });
        Assert.Equal(JpegColorspace.YCbCr, result.Header.Colorspace);
        // A photo has texture: a decoder that wrote nothing, or one flat colour, would fail this.
        var mean = rgb.Average(b => (double)b);
        var variance = rgb.Average(b => (b - mean) * (b - mean));
        Assert.InRange(variance, 100, double.PositiveInfinity);
    }

    [Fact]
    public void Decodes_A_Real_Photo_To_Grey_With_The_Luma_Of_Its_Rgb_Decode()
    {
        var path = Directory.EnumerateFiles(Bsds500, "*.jpg").Order(StringComparer.Ordinal).First();
        var jpeg = File.ReadAllBytes(path);
        using var decoder = new JpegDecoder();
        var header = decoder.ReadHeader(jpeg);
        var rgb = new byte[header.RequiredBytes(JpegPixelFormat.Rgb24)];
        var gray = new byte[header.RequiredBytes(JpegPixelFormat.Gray8)];

        decoder.Decode(jpeg, rgb, JpegPixelFormat.Rgb24);
        decoder.Decode(jpeg, gray, JpegPixelFormat.Gray8);

        // Grey output is the JPEG's Y channel; BT.601 luma of the RGB output recomputes it up to
        // rounding and the RGB path's chroma upsampling, so a couple of levels on average.
        var luma = new byte[gray.Length];
        for (var i = 0; i < luma.Length; i++)
            luma[i] = (byte)Math.Clamp(Math.Round(0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2]), 0, 255);
        Assert.InRange(TestImages.MeanAbsoluteError(luma, gray), 0, 2.0);
    }

    [Fact]
    public void Rejects_A_Png_With_Not_A_Jpeg()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        using var decoder = new JpegDecoder();

        var error = Assert.Throws<JpegException>(() => decoder.Decode(png, new byte[100], JpegPixelFormat.Rgb24));

        Assert.StartsWith("not a JPEG: the input (12 bytes) starts with 0x89 0x50 (a PNG file)", error.Message, StringComparison.Ordinal);
        Assert.Contains("SOI marker 0xFF 0xD8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Empty_Input_With_Not_A_Jpeg()
    {
        using var decoder = new JpegDecoder();

        var error = Assert.Throws<JpegException>(() => decoder.ReadHeader([]));

        Assert.StartsWith("not a JPEG: the input is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_A_Stream_Cut_Inside_Its_Header_As_Truncated()
    {
        var jpeg = EncodedFrame();
        using var decoder = new JpegDecoder();

        var error = Assert.Throws<JpegException>(() => decoder.Decode(jpeg.AsSpan(0, 100), new byte[Width * Height * 3], JpegPixelFormat.Rgb24));

        Assert.Contains("ends after 100 bytes, inside its header", error.Message, StringComparison.Ordinal);
        Assert.Equal(JpegErrorSeverity.Fatal, error.Severity);
    }

    [Fact]
    public void Reports_A_Stream_Cut_In_Its_Image_Data_As_Damaged_But_Decodes_The_Top()
    {
        var jpeg = EncodedFrame();
        var complete = new byte[Width * Height * 3];
        var truncated = new byte[Width * Height * 3];
        using var decoder = new JpegDecoder(JpegDamagePolicy.Report);
        decoder.Decode(jpeg, complete, JpegPixelFormat.Rgb24);

        var result = decoder.Decode(jpeg.AsSpan(0, jpeg.Length / 2), truncated, JpegPixelFormat.Rgb24);

        Assert.True(result.IsDamaged);
        Assert.Equal("Premature end of JPEG file", result.Warning);
        Assert.Equal((Width, Height), (result.Header.Width, result.Header.Height));
        // The first block row came before the cut, so it decodes exactly as in the complete stream.
        Assert.Equal(complete.AsSpan(0, Width * 3 * 8).ToArray(), truncated.AsSpan(0, Width * 3 * 8).ToArray());
    }

    [Fact]
    public void Rejects_A_Stream_Cut_In_Its_Image_Data_Under_The_Reject_Policy()
    {
        var jpeg = EncodedFrame();
        using var decoder = new JpegDecoder(JpegDamagePolicy.Reject);

        var error = Assert.Throws<JpegException>(() => decoder.Decode(jpeg.AsSpan(0, jpeg.Length / 2), new byte[Width * Height * 3], JpegPixelFormat.Rgb24));

        Assert.Equal(JpegErrorSeverity.Warning, error.Severity);
        Assert.Equal("Premature end of JPEG file", error.NativeMessage);
        Assert.Contains("JpegDamagePolicy.Report", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Fatal_Native_Error_Carries_The_Library_Message()
    {
        var jpeg = EncodedFrame();
        // Overwrite the SOF0 frame header's precision byte (8) with 12: libjpeg-turbo 2.1 built for
        // 8-bit samples refuses it with JERR_BAD_PRECISION.
        var sof = jpeg.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xC0]);
        Assert.True(sof > 0, "the encoder writes a baseline SOF0 header");
        jpeg[sof + 4] = 12;
        using var decoder = new JpegDecoder();

        var error = Assert.Throws<JpegException>(() => decoder.ReadHeader(jpeg));

        Assert.Equal(JpegErrorSeverity.Fatal, error.Severity);
        Assert.Contains("Unsupported JPEG data precision 12", error.NativeMessage, StringComparison.Ordinal);
        Assert.StartsWith("Reading the JPEG header failed: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_A_Destination_Smaller_Than_The_Image()
    {
        var jpeg = EncodedFrame();
        using var decoder = new JpegDecoder();
        var tooSmall = new byte[Width * Height * 3 - 1];

        var error = Assert.Throws<ArgumentException>(() => decoder.Decode(jpeg, tooSmall, JpegPixelFormat.Rgb24));

        Assert.Equal("destination", error.ParamName);
        Assert.Contains($"holds {tooSmall.Length} bytes, but a {Width}x{Height} Rgb24 image with stride {Width * 3} spans {Width * Height * 3}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decodes_Into_A_Padded_Stride_Without_Touching_The_Padding()
    {
        var jpeg = EncodedFrame();
        const int stride = Width * 3 + 5;
        var packed = new byte[Width * Height * 3];
        var padded = new byte[stride * Height];
        padded.AsSpan().Fill(0xAB);
        using var decoder = new JpegDecoder();

        decoder.Decode(jpeg, packed, JpegPixelFormat.Rgb24);
        decoder.Decode(jpeg, padded, JpegPixelFormat.Rgb24, stride);

        for (var y = 0; y < Height; y++)
        {
            Assert.Equal(packed.AsSpan(y * Width * 3, Width * 3).ToArray(), padded.AsSpan(y * stride, Width * 3).ToArray());
            if (y < Height - 1)
                Assert.All(padded.AsSpan(y * stride + Width * 3, 5).ToArray(), b => Assert.Equal(0xAB, b));
        }
    }

    [Fact]
    public void Decoding_A_Clean_Frame_Allocates_Nothing_After_Warm_Up()
    {
        var jpeg = EncodedFrame();
        var rgb = new byte[Width * Height * 3];
        using var decoder = new JpegDecoder();
        decoder.Decode(jpeg, rgb, JpegPixelFormat.Rgb24);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var widths = 0;
        for (var i = 0; i < 10; i++)
            widths += decoder.Decode(jpeg, rgb, JpegPixelFormat.Rgb24).Header.Width;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(10 * Width, widths);
    }
}
