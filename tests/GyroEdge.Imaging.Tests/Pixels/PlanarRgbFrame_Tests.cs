using GyroEdge.Imaging.Pixels;

namespace GyroEdge.Imaging.Tests.Pixels;

/// <summary>
/// Frames of every pixel format to the model's planar floats and back. Expected values come from
/// BT.601's formulas evaluated by hand (exact fractions, Kr = 0.299, Kb = 0.114, limited range:
/// R = (Y'-16)/219 + (1-Kr)/112 (Cr-128), and so on), not from the code under test.
/// </summary>
public sealed class PlanarRgbFrame_Tests
{
    private const float Tolerance = 2e-6f;

    // (Y', Cb, Cr) -> (R, G, B) in [0,1], clamped: the primaries as BT.601 codes them, white,
    // black, mid grey and an arbitrary colour.
    public static TheoryData<byte, byte, byte, float, float, float> ReferenceColours => new()
    {
        { 81, 90, 240, 0.9978037f, 0f, 0f },             // red: G and B come out at -0.0019 and -0.0038, clamped
        { 145, 54, 34, 0.0007018f, 1f, 0.0036482f },      // green: G 1.0024 clamped
        { 41, 240, 110, 0.0014945f, 0f, 1f },             // blue: B 1.00016 clamped
        { 235, 128, 128, 1f, 1f, 1f },
        { 16, 128, 128, 0f, 0f, 0f },
        { 126, 128, 128, 0.5022831f, 0.5022831f, 0.5022831f },
        { 180, 100, 150, 0.8865549f, 0.7217371f, 0.5273584f },
    };

    private static float[] Planes(int width, int height) => new float[3 * width * height];

    private static (float R, float G, float B) At(float[] planes, int width, int height, int x, int y)
    {
        var plane = width * height;
        var i = (y * width) + x;
        return (planes[i], planes[plane + i], planes[(2 * plane) + i]);
    }

    private static void AssertColour(float r, float g, float b, (float R, float G, float B) actual)
    {
        Assert.Equal(r, actual.R, Tolerance);
        Assert.Equal(g, actual.G, Tolerance);
        Assert.Equal(b, actual.B, Tolerance);
    }

    // 18 pixels: two groups of 8 through the vector path, and a pair through the scalar path.
    private const int RowWidth = 18;

    [Theory]
    [MemberData(nameof(ReferenceColours))]
    public void Yuyv_Is_Decoded_As_BT601_Limited_Range(byte y, byte cb, byte cr, float r, float g, float b)
    {
        var yuyv = new byte[RowWidth * 2];
        for (var i = 0; i < yuyv.Length; i += 4)
            (yuyv[i], yuyv[i + 1], yuyv[i + 2], yuyv[i + 3]) = (y, cb, y, cr);
        var planes = Planes(RowWidth, 1);

        PlanarRgb.FromFrame(new FrameView(yuyv, RowWidth, 1, PixelFormat.Yuyv), planes, RowWidth, 1);

        for (var x = 0; x < RowWidth; x++)
            AssertColour(r, g, b, At(planes, RowWidth, 1, x, 0));
    }

    [Theory]
    [MemberData(nameof(ReferenceColours))]
    public void Nv12_Is_Decoded_As_BT601_Limited_Range(byte y, byte cb, byte cr, float r, float g, float b)
    {
        var nv12 = new byte[RowWidth * 3]; // two rows of luma, then one row of Cb Cr pairs
        nv12.AsSpan(0, 2 * RowWidth).Fill(y);
        for (var i = 2 * RowWidth; i < nv12.Length; i += 2)
            (nv12[i], nv12[i + 1]) = (cb, cr);
        var planes = Planes(RowWidth, 2);

        PlanarRgb.FromFrame(new FrameView(nv12, RowWidth, 2, PixelFormat.Nv12), planes, RowWidth, 2);

        for (var py = 0; py < 2; py++)
        {
            for (var px = 0; px < RowWidth; px++)
                AssertColour(r, g, b, At(planes, RowWidth, 2, px, py));
        }
    }

    [Fact]
    public void Yuyv_Pixels_Keep_Their_Own_Luma_And_Share_Chroma()
    {
        // White, black, white, black...: each pixel's own Y' with the pair's neutral chroma.
        var yuyv = new byte[RowWidth * 2];
        for (var i = 0; i < yuyv.Length; i += 4)
            (yuyv[i], yuyv[i + 1], yuyv[i + 2], yuyv[i + 3]) = (235, 128, 16, 128);
        var planes = Planes(RowWidth, 1);

        PlanarRgb.FromFrame(new FrameView(yuyv, RowWidth, 1, PixelFormat.Yuyv), planes, RowWidth, 1);

        for (var x = 0; x < RowWidth; x += 2)
        {
            AssertColour(1f, 1f, 1f, At(planes, RowWidth, 1, x, 0));
            AssertColour(0f, 0f, 0f, At(planes, RowWidth, 1, x + 1, 0));
        }
    }

    [Fact]
    public void Output_Levels_Round_Half_Up_In_The_Vector_And_Scalar_Paths()
    {
        // 18 pixels of red: 16 through the vector path, 2 through the scalar one. 0.5/255 above a
        // level rounds up; just below it rounds down.
        var planes = Planes(RowWidth, 1);
        for (var x = 0; x < RowWidth; x++)
            planes[x] = x % 2 == 0 ? 100.5f / 255f : 100.49f / 255f;
        var rgb = new byte[RowWidth * 3];

        PlanarRgb.ToFrame(planes, RowWidth, 1, rgb, PixelFormat.Rgb24, RowWidth, 1);

        for (var x = 0; x < RowWidth; x++)
            Assert.Equal(x % 2 == 0 ? 101 : 100, rgb[3 * x]);
    }

    [Fact]
    public void Nv12_Takes_Each_Row_Pairs_Chroma_From_Its_Own_Chroma_Row()
    {
        // 2x4: rows 0-1 are red (Cb 90, Cr 240), rows 2-3 blue (Cb 240, Cr 110).
        byte[] nv12 = [81, 81, 81, 81, 41, 41, 41, 41, 90, 240, 240, 110];
        var planes = Planes(2, 4);

        PlanarRgb.FromFrame(new FrameView(nv12, 2, 4, PixelFormat.Nv12), planes, 2, 4);

        AssertColour(0.9978037f, 0f, 0f, At(planes, 2, 4, 1, 1));
        AssertColour(0.0014945f, 0f, 1f, At(planes, 2, 4, 0, 2));
    }

    [Theory]
    [InlineData(1f, 0f, 0f, 81, 90, 240)]   // Y' 81.48, Cb 90.20, Cr 240
    [InlineData(0f, 1f, 0f, 145, 54, 34)]   // Y' 144.55, Cb 53.80, Cr 34.21
    [InlineData(0f, 0f, 1f, 41, 240, 110)]  // Y' 40.97, Cb 240, Cr 109.79
    [InlineData(1f, 1f, 1f, 235, 128, 128)]
    [InlineData(0f, 0f, 0f, 16, 128, 128)]
    [InlineData(0.5f, 0.25f, 0.75f, 100, 175, 147)] // Y' 99.60, Cb 174.55, Cr 146.89
    public void Yuyv_And_Nv12_Are_Encoded_As_BT601_Limited_Range(float r, float g, float b, byte y, byte cb, byte cr)
    {
        var planes = Planes(2, 2);
        for (var i = 0; i < 4; i++)
        {
            planes[i] = r;
            planes[4 + i] = g;
            planes[8 + i] = b;
        }
        var yuyv = new byte[8];
        var nv12 = new byte[6];

        PlanarRgb.ToFrame(planes, 2, 2, yuyv, PixelFormat.Yuyv, 2, 2);
        PlanarRgb.ToFrame(planes, 2, 2, nv12, PixelFormat.Nv12, 2, 2);

        Assert.Equal([y, cb, y, cr, y, cb, y, cr], yuyv);
        Assert.Equal([y, y, y, y, cb, cr], nv12);
    }

    [Fact]
    public void Yuyv_Encoding_Averages_The_Chroma_Of_Each_Pixel_Pair()
    {
        // red then blue: Cb (90.20 + 240) / 2 = 165.10, Cr (240 + 109.79) / 2 = 174.89.
        float[] planes = [1f, 0f, 0f, 0f, 0f, 1f];
        var yuyv = new byte[4];

        PlanarRgb.ToFrame(planes, 2, 1, yuyv, PixelFormat.Yuyv, 2, 1);

        Assert.Equal([81, 165, 41, 175], yuyv);
    }

    [Fact]
    public void Bgr24_Is_Read_And_Written_With_Blue_First()
    {
        byte[] bgr = [10, 20, 30];
        var planes = Planes(1, 1);
        var back = new byte[3];

        PlanarRgb.FromFrame(new FrameView(bgr, 1, 1, PixelFormat.Bgr24), planes, 1, 1);
        PlanarRgb.ToFrame(planes, 1, 1, back, PixelFormat.Bgr24, 1, 1);

        AssertColour(30 / 255f, 20 / 255f, 10 / 255f, At(planes, 1, 1, 0, 0));
        Assert.Equal(bgr, back);
    }

    [Fact]
    public void Grey_Is_Full_Range_In_And_BT601_Luma_Out()
    {
        byte[] grey = [51, 255];
        var planes = Planes(2, 1);

        PlanarRgb.FromFrame(new FrameView(grey, 2, 1, PixelFormat.Grey), planes, 2, 1);
        AssertColour(0.2f, 0.2f, 0.2f, At(planes, 2, 1, 0, 0));
        AssertColour(1f, 1f, 1f, At(planes, 2, 1, 1, 0));

        float[] colours = [1f, 0.5f, 0f, 0.25f, 0f, 0.75f]; // (1,0,0) and (0.5,0.25,0.75)
        var back = new byte[2];
        PlanarRgb.ToFrame(colours, 2, 1, back, PixelFormat.Grey, 2, 1);
        Assert.Equal([76, 97], back); // 0.299 * 255 = 76.24; (0.1495 + 0.14675 + 0.0855) * 255 = 97.35
    }

    [Fact]
    public void Every_Rgb24_Level_Survives_The_Round_Trip()
    {
        var rgb = new byte[256 * 3];
        for (var i = 0; i < rgb.Length; i++)
            rgb[i] = (byte)(i / 3);
        var planes = Planes(256, 1);
        var back = new byte[rgb.Length];

        PlanarRgb.FromFrame(new FrameView(rgb, 256, 1, PixelFormat.Rgb24), planes, 256, 1);
        PlanarRgb.ToFrame(planes, 256, 1, back, PixelFormat.Rgb24, 256, 1);

        Assert.Equal(rgb, back);
        Assert.Equal(128 / 255f, planes[128], Tolerance);
    }

    [Fact]
    public void Yuyv_Survives_The_Round_Trip_Within_One_Level()
    {
        var yuyv = new byte[64 * 4];
        for (var i = 0; i < 64; i++)
        {
            // In-gamut codes only: a grey ramp with mild chroma around it.
            yuyv[4 * i] = (byte)(40 + (2 * i));
            yuyv[(4 * i) + 1] = (byte)(118 + (i % 20));
            yuyv[(4 * i) + 2] = (byte)(42 + (2 * i));
            yuyv[(4 * i) + 3] = (byte)(138 - (i % 20));
        }
        var planes = Planes(128, 1);
        var back = new byte[yuyv.Length];

        PlanarRgb.FromFrame(new FrameView(yuyv, 128, 1, PixelFormat.Yuyv), planes, 128, 1);
        PlanarRgb.ToFrame(planes, 128, 1, back, PixelFormat.Yuyv, 128, 1);

        for (var i = 0; i < yuyv.Length; i++)
            Assert.True(Math.Abs(yuyv[i] - back[i]) <= 1, $"byte {i}: {yuyv[i]} came back as {back[i]}");
    }

    [Fact]
    public void Padding_Repeats_The_Last_Column_And_The_Last_Row()
    {
        // 2x2 RGB frame: red values 10, 20 / 30, 40; green and blue 0.
        byte[] rgb = [10, 0, 0, 20, 0, 0, 30, 0, 0, 40, 0, 0];
        var planes = Planes(4, 3);

        PlanarRgb.FromFrame(new FrameView(rgb, 2, 2, PixelFormat.Rgb24), planes, 4, 3);

        float[] expectedRed =
        [
            10, 20, 20, 20,
            30, 40, 40, 40,
            30, 40, 40, 40,
        ];
        for (var i = 0; i < expectedRed.Length; i++)
            Assert.Equal(expectedRed[i] / 255f, planes[i], Tolerance);
        Assert.All(planes[12..], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Stride_Padding_Bytes_Are_Skipped()
    {
        // Two 1-pixel GREY rows of 4-byte stride; the 3 bytes after each pixel are junk.
        byte[] grey = [51, 255, 255, 255, 102, 255, 255, 255];
        var planes = Planes(1, 2);

        PlanarRgb.FromFrame(new FrameView(grey, 1, 2, PixelFormat.Grey, stride: 4), planes, 1, 2);

        Assert.Equal(0.2f, planes[0], Tolerance);
        Assert.Equal(0.4f, planes[1], Tolerance);
    }

    [Fact]
    public void Output_Is_The_Top_Left_Of_Larger_Planes()
    {
        var planes = Planes(3, 2);
        planes[0] = 1f;      // (0,0) red
        planes[1] = 0.5f;    // (1,0) red
        planes[2] = 0.25f;   // (2,0): padding, not written
        planes[3] = 0.75f;   // (0,1): padding row, not written
        var rgb = new byte[6];

        PlanarRgb.ToFrame(planes, 3, 2, rgb, PixelFormat.Rgb24, 2, 1);

        Assert.Equal([255, 0, 0, 128, 0, 0], rgb);
    }

    [Fact]
    public void Output_Clamps_Out_Of_Range_Values_And_Maps_NaN_To_Zero()
    {
        float[] planes = [float.NaN, -0.5f, 1.5f];
        var grey = new byte[3];
        var rgb = new byte[9];

        PlanarRgb.ToFrame([.. planes, .. planes, .. planes], 3, 1, rgb, PixelFormat.Rgb24, 3, 1);
        PlanarRgb.ToFrame([.. planes, .. planes, .. planes], 3, 1, grey, PixelFormat.Grey, 3, 1);

        Assert.Equal([0, 0, 0, 0, 0, 0, 255, 255, 255], rgb);
        Assert.Equal([0, 0, 255], grey);
    }

    [Fact]
    public void Conversions_Allocate_Nothing_Per_Frame()
    {
        const int width = 64, height = 48;
        var yuyv = new byte[width * height * 2];
        var nv12 = new byte[width * height * 3 / 2];
        var planes = Planes(width + 8, height + 8);
        var output = new byte[width * height * 3];
        // Past the first calls (static tables) and the runtime's call-counting for tiered compilation.
        for (var i = 0; i < 50; i++)
            Run();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
            Run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);

        void Run()
        {
            PlanarRgb.FromFrame(new FrameView(yuyv, width, height, PixelFormat.Yuyv), planes, width + 8, height + 8);
            PlanarRgb.ToFrame(planes, width + 8, height + 8, output, PixelFormat.Rgb24, width, height);
            PlanarRgb.FromFrame(new FrameView(nv12, width, height, PixelFormat.Nv12), planes, width + 8, height + 8);
            PlanarRgb.ToFrame(planes, width + 8, height + 8, nv12, PixelFormat.Nv12, width, height);
        }
    }

    [Fact]
    public void FrameView_Refuses_A_Buffer_Too_Small_Naming_What_It_Needs()
    {
        var error = Assert.Throws<ArgumentException>(() => new FrameView(new byte[100], 8, 8, PixelFormat.Yuyv));

        Assert.Contains("a 8x8 Yuyv frame with 16-byte rows needs 128 bytes; the buffer has 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FrameView_Refuses_An_Odd_Width_For_Yuyv_And_An_Odd_Height_For_Nv12()
    {
        var width = Assert.Throws<ArgumentException>(() => new FrameView(new byte[100], 3, 2, PixelFormat.Yuyv));
        var height = Assert.Throws<ArgumentException>(() => new FrameView(new byte[100], 4, 3, PixelFormat.Nv12));

        Assert.Contains("its width must be even; got 3", width.Message, StringComparison.Ordinal);
        Assert.Contains("its height must be even; got 3", height.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FrameView_Refuses_A_Stride_Shorter_Than_A_Row()
    {
        var error = Assert.Throws<ArgumentException>(() => new FrameView(new byte[100], 4, 2, PixelFormat.Rgb24, stride: 10));

        Assert.Contains("a 4-pixel Rgb24 row needs at least 12 bytes; the stride is 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nv12_Size_Counts_The_Half_Height_Chroma_Plane()
    {
        Assert.Equal((1280 * 720) + (1280 * 360), PixelLayout.PackedByteCount(PixelFormat.Nv12, 1280, 720));
        Assert.Equal(1280 * 720 * 2, PixelLayout.PackedByteCount(PixelFormat.Yuyv, 1280, 720));
        Assert.Equal((2048 * 720) + (2048 * 360), PixelLayout.ByteCount(PixelFormat.Nv12, 1280, 720, 2048));
    }

    [Fact]
    public void Planes_Smaller_Than_The_Frame_Are_Refused()
    {
        var error = Assert.Throws<ArgumentException>(
            () => PlanarRgb.FromFrame(new FrameView(new byte[12], 2, 2, PixelFormat.Rgb24), new float[3], 1, 1));

        Assert.Contains("Planes of 1x1 cannot hold a 2x2 frame", error.Message, StringComparison.Ordinal);
    }
}
