using GyroEdge.Imaging.Pixels;

namespace GyroEdge.Imaging.Tests.Pixels;

public class PlanarRgb_Tests
{
    [Fact]
    public void Interleaved_Pixels_Become_Three_Planes_Scaled_To_The_Unit_Range()
    {
        // Two pixels: (255, 0, 128) and (51, 102, 204).
        byte[] rgb = [255, 0, 128, 51, 102, 204];
        var planar = new float[6];

        PlanarRgb.FromInterleaved(rgb, width: 2, height: 1, planar);

        float[] expected = [1f, 0.2f, 0f, 0.4f, 128f / 255f, 0.8f];
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], planar[i], 1e-6f);
    }

    [Fact]
    public void Every_8_Bit_Level_Survives_The_Round_Trip_Exactly()
    {
        var rgb = new byte[256 * 3];
        for (var i = 0; i < rgb.Length; i++)
            rgb[i] = (byte)(i / 3);
        var planar = new float[rgb.Length];
        var back = new byte[rgb.Length];

        PlanarRgb.FromInterleaved(rgb, 256, 1, planar);
        PlanarRgb.ToInterleaved(planar, 256, 1, back);

        Assert.Equal(rgb, back);
    }

    [Theory]
    [InlineData(-0.2f, 0)]
    [InlineData(1.3f, 255)]
    [InlineData(float.NaN, 0)]
    [InlineData(float.PositiveInfinity, 255)]
    [InlineData(0.5f, 128)] // 127.5 rounds half up
    [InlineData(0.498f, 127)] // 126.99
    public void Model_Output_Is_Clamped_And_Rounded_To_The_Nearest_Level(float value, byte expected)
    {
        float[] planar = [value, value, value];
        var rgb = new byte[3];

        PlanarRgb.ToInterleaved(planar, 1, 1, rgb);

        Assert.Equal([expected, expected, expected], rgb);
    }

    [Fact]
    public void A_Buffer_Too_Small_For_The_Image_Is_Refused_With_The_Sizes()
    {
        var error = Assert.Throws<ArgumentException>(() => PlanarRgb.FromInterleaved(new byte[12], 2, 2, new float[11]));

        Assert.Contains("2x2", error.Message, StringComparison.Ordinal);
        Assert.Contains("12 floats", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conversion_Allocates_Nothing()
    {
        var rgb = new byte[64 * 48 * 3];
        var planar = new float[rgb.Length];
        PlanarRgb.FromInterleaved(rgb, 64, 48, planar);
        PlanarRgb.ToInterleaved(planar, 64, 48, rgb);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            PlanarRgb.FromInterleaved(rgb, 64, 48, planar);
            PlanarRgb.ToInterleaved(planar, 64, 48, rgb);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
