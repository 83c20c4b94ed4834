using System.Text.Json;
using GyroEdge.Imaging.Quality;
using GyroEdge.TestSupport;

namespace GyroEdge.Imaging.Tests.Quality;

/// <summary>
/// The golden cases come from tests/golden/generate_quality.py (a plain per-window float64
/// implementation, separate from both the trainer's and this one); the other expectations follow
/// from the formulas by hand.
/// </summary>
public sealed class ImageQuality_Tests
{
    private static readonly Lazy<Golden> GoldenFile = new(Golden.Load);

    public static TheoryData<string> GoldenCases()
    {
        var data = new TheoryData<string>();
        foreach (var name in GoldenFile.Value.Cases.Keys)
        {
            data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Psnr_Matches_The_Golden_Value(string name)
    {
        var golden = GoldenFile.Value;
        var c = golden.Cases[name];

        var psnr = ImageQuality.Psnr(c.A, c.B, c.Width, c.Height);

        Assert.InRange(Math.Abs(psnr - c.Psnr), 0, golden.PsnrTolerance);
    }

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Ssim_Matches_The_Golden_Value(string name)
    {
        var golden = GoldenFile.Value;
        var c = golden.Cases[name];

        var ssim = ImageQuality.Ssim(c.A, c.B, c.Width, c.Height);

        Assert.InRange(Math.Abs(ssim - c.Ssim), 0, golden.SsimTolerance);
    }

    [Fact]
    public void Identical_Images_Have_Infinite_Psnr_And_Ssim_Of_One()
    {
        var image = Noise(16, 13, seed: 7);

        Assert.Equal(double.PositiveInfinity, ImageQuality.Psnr(image, image, 16, 13));
        Assert.Equal(1.0, ImageQuality.Ssim(image, image, 16, 13), 12);
    }

    [Fact]
    public void One_Level_Everywhere_Is_An_Mse_Of_One_And_Psnr_Of_20_Log10_255()
    {
        var a = Uniform(12, 12, 100);
        var b = Uniform(12, 12, 101);

        Assert.Equal(48.130803608679102, ImageQuality.Psnr(a, b, 12, 12), 12);
    }

    [Fact]
    public void Black_Against_White_Has_Psnr_Of_Zero()
    {
        var a = Uniform(5, 3, 0);
        var b = Uniform(5, 3, 255);

        Assert.Equal(0.0, ImageQuality.Psnr(a, b, 5, 3), 12);
    }

    [Fact]
    public void Flat_Images_Have_Ssim_Of_The_Luminance_Term_Alone()
    {
        // No variance anywhere, so each window gives (2pq + C1) / (p² + q² + C1), C1 = 2.55².
        var a = Uniform(11, 11, 100);
        var b = Uniform(11, 11, 150);
        const double c1 = 2.55 * 2.55;
        var expected = ((2 * 100.0 * 150.0) + c1) / ((100.0 * 100.0) + (150.0 * 150.0) + c1);

        Assert.Equal(expected, ImageQuality.Ssim(a, b, 11, 11), 12);
    }

    [Fact]
    public void Throws_When_The_Images_Differ_In_Size()
    {
        var a = Uniform(12, 12, 0);
        var b = Uniform(12, 11, 0);

        var psnr = Assert.Throws<ArgumentException>(() => ImageQuality.Psnr(a, b, 12, 12));
        var ssim = Assert.Throws<ArgumentException>(() => ImageQuality.Ssim(a, b, 12, 12));
        Assert.Contains("432 bytes each", psnr.Message, StringComparison.Ordinal);
        Assert.Contains("396", ssim.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ssim_Throws_When_The_Image_Is_Smaller_Than_Its_Window()
    {
        var a = Uniform(20, 10, 0);

        var error = Assert.Throws<ArgumentException>(() => ImageQuality.Ssim(a, a, 20, 10));
        Assert.Contains("at least 11x11", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Uniform(int width, int height, byte level)
    {
        var image = new byte[width * height * 3];
        Array.Fill(image, level);
        return image;
    }

    private static byte[] Noise(int width, int height, int seed)
    {
        var image = new byte[width * height * 3];
#pragma warning disable CA5394 // test data, not security: a seeded generator keeps it repeatable
        new Random(seed).NextBytes(image);
#pragma warning restore CA5394
        return image;
    }

    private sealed record Case(int Width, int Height, byte[] A, byte[] B, double Psnr, double Ssim);

    private sealed record Golden(double PsnrTolerance, double SsimTolerance, IReadOnlyDictionary<string, Case> Cases)
    {
        public static Golden Load()
        {
            var path = Path.Combine(Repository.Root, "tests", "golden", "quality_metrics.json");
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = json.RootElement;
            var tolerance = root.GetProperty("tolerance");
            var cases = new Dictionary<string, Case>(StringComparer.Ordinal);
            foreach (var c in root.GetProperty("cases").EnumerateArray())
            {
                var width = c.GetProperty("width").GetInt32();
                var height = c.GetProperty("height").GetInt32();
                cases.Add(c.GetProperty("name").GetString()!, new Case(
                    width, height,
                    Interleave(c.GetProperty("a"), width, height),
                    Interleave(c.GetProperty("b"), width, height),
                    c.GetProperty("psnr").GetDouble(),
                    c.GetProperty("ssim").GetDouble()));
            }
            return new Golden(tolerance.GetProperty("psnr").GetDouble(), tolerance.GetProperty("ssim").GetDouble(), cases);
        }

        // [row][column][R, G, B] nested lists to RGB24 bytes, checking the declared size.
        private static byte[] Interleave(JsonElement rows, int width, int height)
        {
            var bytes = new List<byte>(width * height * 3);
            Assert.Equal(height, rows.GetArrayLength());
            foreach (var row in rows.EnumerateArray())
            {
                Assert.Equal(width, row.GetArrayLength());
                foreach (var pixel in row.EnumerateArray())
                {
                    Assert.Equal(3, pixel.GetArrayLength());
                    foreach (var channel in pixel.EnumerateArray())
                    {
                        bytes.Add(channel.GetByte());
                    }
                }
            }
            return [.. bytes];
        }
    }
}
