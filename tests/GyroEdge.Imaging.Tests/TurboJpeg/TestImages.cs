namespace GyroEdge.Imaging.Tests.TurboJpeg;

/// <summary>
/// Deterministic images that behave like camera frames for a JPEG codec: smooth gradients (where
/// JPEG is nearly exact), hard-edged shapes (where it rings) and a little sensor-like noise.
/// </summary>
internal static class TestImages
{
    /// <summary>Packed RGB24, width x height x 3 bytes.</summary>
    public static byte[] NaturalRgb(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        var noise = new NoiseSource(seed: 12345);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double r = 255.0 * x / (width - 1);
                double g = 255.0 * y / (height - 1);
                double radius = Math.Sqrt((x - width * 0.3) * (x - width * 0.3) + (y - height * 0.6) * (y - height * 0.6));
                double b = 128 + 100 * Math.Sin(radius / 20.0);

                if (x >= width / 6 && x < width * 2 / 5 && y >= height / 5 && y < height / 2)
                    (r, g, b) = (20, 30, 200); // dark blue rectangle: hard edges in all three channels
                var dx = x - width * 0.72;
                var dy = y - height * 0.7;
                if (dx * dx + dy * dy < (height * 0.16) * (height * 0.16))
                    (r, g, b) = (250, 240, 30); // yellow disc: curved hard edge

                var i = (y * width + x) * 3;
                pixels[i] = Clamp(r + noise.Next());
                pixels[i + 1] = Clamp(g + noise.Next());
                pixels[i + 2] = Clamp(b + noise.Next());
            }
        }
        return pixels;
    }

    /// <summary>Packed grey, width x height bytes: the luma (BT.601) of <see cref="NaturalRgb"/>.</summary>
    public static byte[] NaturalGray(int width, int height)
    {
        var rgb = NaturalRgb(width, height);
        var gray = new byte[width * height];
        for (var i = 0; i < gray.Length; i++)
            gray[i] = Clamp(0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2]);
        return gray;
    }

    public static double MeanAbsoluteError(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        long sum = 0;
        for (var i = 0; i < expected.Length; i++)
            sum += Math.Abs(expected[i] - actual[i]);
        return (double)sum / expected.Length;
    }

    public static int MaxError(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var max = 0;
        for (var i = 0; i < expected.Length; i++)
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        return max;
    }

    /// <summary>Peak signal-to-noise ratio for 8-bit samples, in dB.</summary>
    public static double Psnr(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double squares = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            double d = expected[i] - actual[i];
            squares += d * d;
        }
        var mse = squares / expected.Length;
        return 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    private static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);

    /// <summary>Uniform noise in [-3, 3], from a fixed-seed LCG so every run sees the same image.</summary>
    private sealed class NoiseSource(uint seed)
    {
        private uint _state = seed;

        public double Next()
        {
            _state = _state * 1664525u + 1013904223u; // Numerical Recipes LCG
            return (_state >> 8) / (double)(1 << 24) * 6.0 - 3.0;
        }
    }
}
