namespace GyroEdge.Imaging.Pixels;

/// <summary>
/// Bilinear resampling of float planes from one fixed size to another, with the sample
/// positions and weights computed once (the engine resizes every frame at the same sizes, and a
/// frame must not allocate). Pixel centres are aligned (OpenCV's INTER_LINEAR, PyTorch's
/// align_corners=False): destination pixel x samples the source at (x + 0.5) * sw / dw - 0.5,
/// clamped to the edge. A point at source pixel coordinate u therefore lands at
/// (u + 0.5) * dw / sw - 0.5, the mapping <c>CameraIntrinsics</c> scaling must follow.
/// Downscaling by more than 2 aliases (no prefilter): the engine resizes by modest factors.
/// </summary>
public sealed class BilinearResampler
{
    private readonly int[] x0;
    private readonly float[] xWeight;
    private readonly int[] y0;
    private readonly float[] yWeight;

    public BilinearResampler(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight)
    {
        if (sourceWidth <= 0 || sourceHeight <= 0 || targetWidth <= 0 || targetHeight <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sourceWidth),
                $"Resampling needs positive sizes; got {sourceWidth}x{sourceHeight} to {targetWidth}x{targetHeight}.");
        }
        SourceWidth = sourceWidth;
        SourceHeight = sourceHeight;
        TargetWidth = targetWidth;
        TargetHeight = targetHeight;
        (x0, xWeight) = Taps(sourceWidth, targetWidth);
        (y0, yWeight) = Taps(sourceHeight, targetHeight);
    }

    public int SourceWidth { get; }
    public int SourceHeight { get; }
    public int TargetWidth { get; }
    public int TargetHeight { get; }

    /// <summary>
    /// Resamples <paramref name="planes"/> consecutive planes of SourceWidth x SourceHeight from
    /// <paramref name="source"/> into TargetWidth x TargetHeight planes in <paramref name="target"/>.
    /// </summary>
    public void Resample(ReadOnlySpan<float> source, Span<float> target, int planes)
    {
        var sourcePlane = SourceWidth * SourceHeight;
        var targetPlane = TargetWidth * TargetHeight;
        if (planes <= 0 || source.Length < checked(sourcePlane * planes) || target.Length < checked(targetPlane * planes))
        {
            throw new ArgumentException(
                $"Resampling {planes} planes of {SourceWidth}x{SourceHeight} to {TargetWidth}x{TargetHeight} needs {sourcePlane * planes} "
                + $"source and {targetPlane * planes} target floats; got {source.Length} and {target.Length}.");
        }
        for (var p = 0; p < planes; p++)
        {
            var from = source.Slice(p * sourcePlane, sourcePlane);
            var to = target.Slice(p * targetPlane, targetPlane);
            for (var y = 0; y < TargetHeight; y++)
            {
                var top = from.Slice(y0[y] * SourceWidth, SourceWidth);
                var bottom = from.Slice(Math.Min(y0[y] + 1, SourceHeight - 1) * SourceWidth, SourceWidth);
                var wy = yWeight[y];
                var row = to.Slice(y * TargetWidth, TargetWidth);
                for (var x = 0; x < row.Length; x++)
                {
                    var left = x0[x];
                    var right = Math.Min(left + 1, SourceWidth - 1);
                    var wx = xWeight[x];
                    var upper = top[left] + (wx * (top[right] - top[left]));
                    var lower = bottom[left] + (wx * (bottom[right] - bottom[left]));
                    row[x] = upper + (wy * (lower - upper));
                }
            }
        }
    }

    /// <summary>For each target index: the left (top) source index and the weight of the next one.</summary>
    private static (int[] Index, float[] Weight) Taps(int source, int target)
    {
        var index = new int[target];
        var weight = new float[target];
        var scale = (double)source / target;
        for (var i = 0; i < target; i++)
        {
            var position = Math.Clamp(((i + 0.5) * scale) - 0.5, 0.0, source - 1);
            var left = Math.Min((int)position, source - 1);
            index[i] = left;
            weight[i] = (float)(position - left);
        }
        return (index, weight);
    }
}
