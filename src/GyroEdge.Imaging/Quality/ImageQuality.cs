namespace GyroEdge.Imaging.Quality;

/// <summary>
/// PSNR and SSIM on interleaved 8-bit RGB (RGB24), GyroEdge's one convention
/// (reference/deblurring.md, "Measuring quality"), the same definition as the trainer's
/// gyroedge_trainer/metrics.py so that a score from <c>gyroedge eval</c> and one from training
/// can be compared. Both implementations are held to tests/golden/quality_metrics.json
/// (made by tests/golden/generate_quality.py). Whole image, no border crop; float64 throughout.
/// An evaluation tool, not a frame path: it allocates per call.
/// </summary>
public static class ImageQuality
{
    private const double Peak = 255.0;
    private const int Window = 11;
    private const double Sigma = 1.5;

    // Wang et al. 2004: C1 = (K1 L)^2, C2 = (K2 L)^2 with K1 = 0.01, K2 = 0.03, L = 255.
    private const double C1 = (0.01 * Peak) * (0.01 * Peak);
    private const double C2 = (0.03 * Peak) * (0.03 * Peak);

    private static readonly double[] Taps = GaussianTaps();

    /// <summary>
    /// 10 log10(255² / MSE), the MSE taken over every pixel and channel. Identical images give
    /// <see cref="double.PositiveInfinity"/>, as the trainer does (no cap: a cap would make a
    /// perfect result look like a merely good one).
    /// </summary>
    public static double Psnr(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int width, int height)
    {
        CheckSizes(a, b, width, height, minimumSide: 1, metric: "PSNR");
        // Integer sum: exact (255² * 3 * 2^31 pixels still fits a long), so the only rounding is
        // the final division and logarithm.
        long sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }
        if (sum == 0)
        {
            return double.PositiveInfinity;
        }
        var mse = (double)sum / a.Length;
        return 10.0 * Math.Log10(Peak * Peak / mse);
    }

    /// <summary>
    /// Mean SSIM (Wang et al. 2004): 11x11 Gaussian window, sigma 1.5, normalised to sum 1;
    /// statistics only where the window lies wholly inside the image ('valid', as in the
    /// authors' MATLAB code: no padding invents pixels at the border), population variances; the
    /// map is averaged per channel, then the three channel means are averaged. Needs images of
    /// at least 11x11.
    /// </summary>
    public static double Ssim(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int width, int height)
    {
        CheckSizes(a, b, width, height, minimumSide: Window, metric: "SSIM");
        var outWidth = width - Window + 1;
        var outHeight = height - Window + 1;
        // Moments x, y, x², y², xy filtered horizontally (valid columns only), then vertically.
        var rows = new double[5][];
        for (var m = 0; m < rows.Length; m++)
        {
            rows[m] = new double[height * outWidth];
        }
        var total = 0.0;
        for (var channel = 0; channel < 3; channel++)
        {
            for (var r = 0; r < height; r++)
            {
                var rowStart = r * width * 3;
                for (var c = 0; c < outWidth; c++)
                {
                    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                    for (var k = 0; k < Window; k++)
                    {
                        var index = rowStart + ((c + k) * 3) + channel;
                        double x = a[index];
                        double y = b[index];
                        var t = Taps[k];
                        sx += t * x;
                        sy += t * y;
                        sxx += t * x * x;
                        syy += t * y * y;
                        sxy += t * x * y;
                    }
                    var o = (r * outWidth) + c;
                    rows[0][o] = sx;
                    rows[1][o] = sy;
                    rows[2][o] = sxx;
                    rows[3][o] = syy;
                    rows[4][o] = sxy;
                }
            }

            var channelSum = 0.0;
            for (var r = 0; r < outHeight; r++)
            {
                for (var c = 0; c < outWidth; c++)
                {
                    double mx = 0, my = 0, exx = 0, eyy = 0, exy = 0;
                    for (var k = 0; k < Window; k++)
                    {
                        var o = ((r + k) * outWidth) + c;
                        var t = Taps[k];
                        mx += t * rows[0][o];
                        my += t * rows[1][o];
                        exx += t * rows[2][o];
                        eyy += t * rows[3][o];
                        exy += t * rows[4][o];
                    }
                    var vx = exx - (mx * mx);
                    var vy = eyy - (my * my);
                    var cxy = exy - (mx * my);
                    channelSum += ((2 * mx * my) + C1) * ((2 * cxy) + C2)
                        / (((mx * mx) + (my * my) + C1) * (vx + vy + C2));
                }
            }
            total += channelSum / ((double)outWidth * outHeight);
        }
        return total / 3;
    }

    /// <summary>1-D Gaussian taps summing to 1; the 2-D window is their outer product.</summary>
    private static double[] GaussianTaps()
    {
        var taps = new double[Window];
        var centre = (Window - 1) / 2.0;
        var sum = 0.0;
        for (var i = 0; i < Window; i++)
        {
            var x = i - centre;
            taps[i] = Math.Exp(-(x * x) / (2 * Sigma * Sigma));
            sum += taps[i];
        }
        for (var i = 0; i < Window; i++)
        {
            taps[i] /= sum;
        }
        return taps;
    }

    private static void CheckSizes(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int width, int height, int minimumSide, string metric)
    {
        if (width < minimumSide || height < minimumSide)
        {
            throw new ArgumentException(
                $"{metric} needs images of at least {minimumSide}x{minimumSide} pixels; got {width}x{height}. "
                + "Compare whole frames, not crops smaller than that.", nameof(width));
        }
        var expected = (long)width * height * 3;
        if (a.Length != expected || b.Length != expected)
        {
            throw new ArgumentException(
                $"{metric} compares two interleaved RGB24 images of {width}x{height} ({expected} bytes each); "
                + $"got {a.Length} and {b.Length} bytes. Decode both images to RGB24 at the same size first.", nameof(b));
        }
    }
}
