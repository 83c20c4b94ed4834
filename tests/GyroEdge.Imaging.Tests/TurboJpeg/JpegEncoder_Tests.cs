using GyroEdge.Imaging.TurboJpeg;

namespace GyroEdge.Imaging.Tests.TurboJpeg;

public class JpegEncoder_Tests
{
    // Not multiples of the 8/16-pixel iMCU, so partial blocks on the right and bottom edges are exercised.
    private const int Width = 333;
    private const int Height = 250;

    [Fact]
    public void Rgb_Round_Trip_At_Quality_90_444_Stays_Close_To_The_Original()
    {
        var rgb = TestImages.NaturalRgb(Width, Height);
        using var encoder = new JpegEncoder(90, ChromaSubsampling.Chroma444);
        using var decoder = new JpegDecoder();

        var jpeg = encoder.EncodeRgb(rgb, Width, Height).ToArray();
        var decoded = new byte[rgb.Length];
        var result = decoder.Decode(jpeg, decoded, JpegPixelFormat.Rgb24);

        Assert.Equal((Width, Height), (result.Header.Width, result.Header.Height));
        Assert.Equal(ChromaSubsampling.Chroma444, result.Header.Subsampling);
        Assert.False(result.IsDamaged);
        // At q90 the IJG tables are scaled to 20 % (scale = 200 - 2q), so luma steps are 1..24 and
        // smooth areas come back within a step or two. The image carries uniform +-3 noise (mean
        // |n| = 1.5) that quantisation mostly removes, so the MAE cannot drop far below 1.5: 2.5
        // leaves one level for coding error. PSNR 38 dB is above the usual "visually lossless"
        // 35 dB. The worst pixels sit on the hard colour edges, where Gibbs ringing of 20-40
        // levels is normal at q90; 64 (a quarter of full scale) would mean real damage.
        Assert.InRange(TestImages.MeanAbsoluteError(rgb, decoded), 0, 2.5);
        Assert.InRange(TestImages.Psnr(rgb, decoded), 38, double.PositiveInfinity);
        Assert.InRange(TestImages.MaxError(rgb, decoded), 0, 64);
    }

    [Fact]
    public void Gray_Round_Trip_At_Quality_90_Stays_Close_To_The_Original()
    {
        var gray = TestImages.NaturalGray(Width, Height);
        using var encoder = new JpegEncoder(90);
        using var decoder = new JpegDecoder();

        var jpeg = encoder.EncodeGray(gray, Width, Height).ToArray();
        var decoded = new byte[gray.Length];
        var result = decoder.Decode(jpeg, decoded, JpegPixelFormat.Gray8);

        Assert.Equal(new JpegHeader(Width, Height, ChromaSubsampling.Gray, JpegColorspace.Gray), result.Header);
        // One channel, no chroma subsampling or colour conversion, and the luma of +-3 RGB noise
        // is smaller (about +-1.7 after BT.601 weighting): tighter than the RGB bounds above.
        Assert.InRange(TestImages.MeanAbsoluteError(gray, decoded), 0, 1.5);
        Assert.InRange(TestImages.Psnr(gray, decoded), 40, double.PositiveInfinity);
        Assert.InRange(TestImages.MaxError(gray, decoded), 0, 32);
    }

    [Theory]
    [InlineData(ChromaSubsampling.Chroma444)]
    [InlineData(ChromaSubsampling.Chroma422)]
    [InlineData(ChromaSubsampling.Chroma420)]
    public void Stream_Starts_With_Soi_Ends_With_Eoi_And_Decodes_To_The_Same_Size(ChromaSubsampling subsampling)
    {
        var rgb = TestImages.NaturalRgb(Width, Height);
        using var encoder = new JpegEncoder(85, subsampling);
        using var decoder = new JpegDecoder();

        var jpeg = encoder.EncodeRgb(rgb, Width, Height).Span;

        Assert.Equal([0xFF, 0xD8], jpeg[..2].ToArray());
        Assert.Equal([0xFF, 0xD9], jpeg[^2..].ToArray());
        Assert.Equal(new JpegHeader(Width, Height, subsampling, JpegColorspace.YCbCr), decoder.ReadHeader(jpeg));
    }

    [Fact]
    public void Higher_Quality_Gives_A_Bigger_Stream_And_A_Smaller_Error()
    {
        var rgb = TestImages.NaturalRgb(Width, Height);
        using var encoder = new JpegEncoder(subsampling: ChromaSubsampling.Chroma444);
        using var decoder = new JpegDecoder();
        var decoded = new byte[rgb.Length];

        var previousSize = 0;
        var previousError = double.MaxValue;
        foreach (var quality in new[] { 25, 50, 75, 95 })
        {
            encoder.Quality = quality;
            var jpeg = encoder.EncodeRgb(rgb, Width, Height);
            decoder.Decode(jpeg.Span, decoded, JpegPixelFormat.Rgb24);
            var error = TestImages.MeanAbsoluteError(rgb, decoded);

            Assert.True(jpeg.Length > previousSize, $"q{quality} gave {jpeg.Length} bytes, not more than {previousSize} at the previous quality.");
            Assert.True(error < previousError, $"q{quality} gave mean error {error:F3}, not less than {previousError:F3} at the previous quality.");
            previousSize = jpeg.Length;
            previousError = error;
        }
    }

    [Fact]
    public void A_Padded_Stride_Gives_The_Same_Stream_As_The_Packed_Frame()
    {
        var rgb = TestImages.NaturalRgb(Width, Height);
        const int stride = Width * 3 + 13; // odd padding, as some V4L2 drivers use
        var padded = new byte[stride * Height];
        padded.AsSpan().Fill(0xEE); // padding bytes that would show up if the stride were ignored
        for (var y = 0; y < Height; y++)
            rgb.AsSpan(y * Width * 3, Width * 3).CopyTo(padded.AsSpan(y * stride));
        using var encoder = new JpegEncoder(90);

        var packed = encoder.EncodeRgb(rgb, Width, Height).ToArray();
        var fromPadded = encoder.EncodeRgb(padded, Width, Height, stride).ToArray();

        Assert.Equal(packed, fromPadded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Rejects_Quality_Outside_1_To_100(int quality)
    {
        var fromConstructor = Assert.Throws<ArgumentOutOfRangeException>(() => new JpegEncoder(quality));
        using var encoder = new JpegEncoder();
        var fromProperty = Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Quality = quality);

        Assert.Contains($"must be 1 (smallest stream) to 100 (best image); got {quality}", fromConstructor.Message, StringComparison.Ordinal);
        Assert.Equal("Quality", fromProperty.ParamName);
        Assert.Equal(90, encoder.Quality);
    }

    [Theory]
    [InlineData(ChromaSubsampling.Gray)]
    [InlineData(ChromaSubsampling.Chroma411)]
    public void Rejects_Subsampling_It_Does_Not_Write(ChromaSubsampling subsampling)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new JpegEncoder(90, subsampling));

        Assert.Contains("Chroma444, Chroma422 or Chroma420", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_A_Buffer_Smaller_Than_The_Frame()
    {
        using var encoder = new JpegEncoder();
        var tooSmall = new byte[Width * Height * 3 - 1];

        var error = Assert.Throws<ArgumentException>(() => encoder.EncodeRgb(tooSmall, Width, Height));

        Assert.Equal("pixels", error.ParamName);
        Assert.Contains($"holds {tooSmall.Length} bytes, but a {Width}x{Height} Rgb24 image with stride {Width * 3} spans {Width * Height * 3}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_A_Stride_Shorter_Than_A_Row()
    {
        using var encoder = new JpegEncoder();
        var rgb = new byte[Width * Height * 3];

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => encoder.EncodeRgb(rgb, Width, Height, Width * 3 - 1));

        Assert.Equal("stride", error.ParamName);
    }

    [Fact]
    public void Encoding_A_Frame_Allocates_Nothing_After_Warm_Up()
    {
        var rgb = TestImages.NaturalRgb(Width, Height);
        var gray = TestImages.NaturalGray(Width, Height);
        using var encoder = new JpegEncoder(90, ChromaSubsampling.Chroma420);
        encoder.EncodeRgb(rgb, Width, Height);
        encoder.EncodeGray(gray, Width, Height);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = 0;
        for (var i = 0; i < 20; i++)
        {
            total += encoder.EncodeRgb(rgb, Width, Height).Span[^1];
            total += encoder.EncodeGray(gray, Width, Height).Span[^1];
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(40 * 0xD9, total); // every stream ended with EOI, so the loop really encoded
    }

    [Fact]
    public void Reserve_Makes_Even_The_First_Frame_Allocation_Free()
    {
        var rgb = TestImages.NaturalRgb(Width, Height);
        using var encoder = new JpegEncoder();
        encoder.Reserve(Width, Height);
        // Warm up the JIT and the P/Invoke stubs on a smaller frame, which fits the reservation.
        encoder.EncodeRgb(rgb, Width / 2, Height / 2, Width * 3);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var jpeg = encoder.EncodeRgb(rgb, Width, Height);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(jpeg.Length > 1000);
    }

    [Fact]
    public void An_Encoded_Stream_Is_Unreadable_After_The_Encoder_Is_Disposed()
    {
        var gray = TestImages.NaturalGray(Width, Height);
        var encoder = new JpegEncoder();
        var jpeg = encoder.EncodeGray(gray, Width, Height);

        encoder.Dispose();

        var error = Assert.Throws<ObjectDisposedException>(() => jpeg.Span[0]);
        Assert.Contains("valid only until the next Encode call", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Larger_Frame_Grows_The_Buffer_And_Retires_The_Previous_View()
    {
        var rgb = TestImages.NaturalRgb(Width, Height);
        using var encoder = new JpegEncoder();
        using var decoder = new JpegDecoder();
        var small = encoder.EncodeRgb(rgb, 32, 32, Width * 3);

        var large = encoder.EncodeRgb(rgb, Width, Height);

        Assert.Throws<ObjectDisposedException>(() => small.Span[0]);
        Assert.Equal((Width, Height), (decoder.ReadHeader(large.Span).Width, decoder.ReadHeader(large.Span).Height));
    }
}
