using GyroEdge.Imaging.Pixels;

namespace GyroEdge.Imaging.Tests.Pixels;

/// <summary>
/// Expected values follow from the pixel-centre mapping by hand: target pixel x samples the
/// source at (x + 0.5) * sw / dw - 0.5, clamped to [0, sw - 1].
/// </summary>
public sealed class BilinearResampler_Tests
{
    [Fact]
    public void Doubling_Two_Pixels_Interpolates_At_Quarter_Positions()
    {
        // Positions -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
        var target = new float[4];

        new BilinearResampler(2, 1, 4, 1).Resample([0f, 1f], target, planes: 1);

        Assert.Equal([0f, 0.25f, 0.75f, 1f], target);
    }

    [Fact]
    public void Halving_Averages_Neighbouring_Pairs()
    {
        // Positions 0.5 and 2.5.
        var target = new float[2];

        new BilinearResampler(4, 1, 2, 1).Resample([0f, 1f, 2f, 3f], target, planes: 1);

        Assert.Equal([0.5f, 2.5f], target);
    }

    [Fact]
    public void Same_Size_Is_The_Identity()
    {
        float[] source = [1f, 2f, 3f, 4f, 5f, 6f];
        var target = new float[6];

        new BilinearResampler(3, 2, 3, 2).Resample(source, target, planes: 1);

        Assert.Equal(source, target);
    }

    [Fact]
    public void Two_Dimensions_And_Several_Planes_Are_Resampled_Independently()
    {
        // Plane 0: [[0, 4], [8, 12]]; plane 1 is plane 0 + 100. Target (1,1) samples (0.25, 0.25):
        // 0.75*0.75*0 + 0.25*0.75*4 + 0.75*0.25*8 + 0.25*0.25*12 = 3.
        float[] source = [0f, 4f, 8f, 12f, 100f, 104f, 108f, 112f];
        var target = new float[32];

        new BilinearResampler(2, 2, 4, 4).Resample(source, target, planes: 2);

        Assert.Equal(3f, target[(1 * 4) + 1], 5);
        Assert.Equal(103f, target[16 + (1 * 4) + 1], 5);
        Assert.Equal(12f, target[15], 5);   // bottom-right corner: clamped to source (1,1)
        Assert.Equal(0f, target[0], 5);
    }

    [Fact]
    public void Refuses_Buffers_Smaller_Than_The_Planes()
    {
        var resampler = new BilinearResampler(4, 4, 2, 2);

        var error = Assert.Throws<ArgumentException>(() => resampler.Resample(new float[16], new float[4], planes: 3));

        Assert.Contains("needs 48 source and 12 target floats; got 16 and 4", error.Message, StringComparison.Ordinal);
    }
}
