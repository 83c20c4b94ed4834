using System.Diagnostics;
using GyroEdge.Domain.Gyro;
using GyroEdge.Imaging.Pixels;
using GyroEdge.Inference.OnnxRuntime;

namespace GyroEdge.Inference.Engine;

/// <summary>
/// What the engine adds to the model's own time (DESIGN.md "Performance, measured not timed"):
/// ORT's bare Run on the prepared tensors against the engine's whole per-frame path on the same
/// frame, through the same session. The two alternate within one loop (ABBA order, so drift in
/// clock speed or cache state falls on both equally) after a warm-up.
/// </summary>
public static class EngineOverheadBenchmark
{
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one iteration, or a negative warm-up.</exception>
    public static EngineOverheadReport Measure(
        DeblurEngine engine, FrameView frame, MotionInput? motion, GyroQuality quality, Span<byte> output, PixelFormat outputFormat,
        int warmupIterations, int iterations)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupIterations);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);

        for (var i = 0; i < warmupIterations; i++)
        {
            engine.Process(frame, motion, quality, output, outputFormat);
            engine.RunModelOnly(quality);
        }
        // The engine runs first so the bare Run always sees the tensors this frame fills.
        engine.Process(frame, motion, quality, output, outputFormat);

        var bare = new double[iterations];
        var whole = new double[iterations];
        var preprocess = new double[iterations];
        var run = new double[iterations];
        var postprocess = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            if (i % 2 == 0)
            {
                bare[i] = TimeBareRun(engine, quality);
                (whole[i], preprocess[i], run[i], postprocess[i]) = TimeFrame(engine, frame, motion, quality, output, outputFormat);
            }
            else
            {
                (whole[i], preprocess[i], run[i], postprocess[i]) = TimeFrame(engine, frame, motion, quality, output, outputFormat);
                bare[i] = TimeBareRun(engine, quality);
            }
        }

        var model = engine.ModelFor(quality);
        var geometry = engine.GeometryFor(quality);
        var ortMedian = Percentile(bare, 0.5);
        var engineMedian = Percentile(whole, 0.5);
        return new EngineOverheadReport
        {
            ModelName = model.Name,
            ModelPath = model.ModelPath,
            ModelSha256 = model.Manifest.Sha256,
            ModelKind = model.Kind,
            Provider = engine.Provider,
            ProviderFallbacks = engine.ProviderFallbacks,
            OnnxRuntimeVersion = OnnxRuntimeLibrary.Version,
            IntraOpThreads = engine.IntraOpThreads,
            InterOpThreads = engine.InterOpThreads,
            IntraOpSpinning = engine.IntraOpSpinning,
            FrameWidth = geometry.FrameWidth,
            FrameHeight = geometry.FrameHeight,
            ModelWidth = geometry.ModelWidth,
            ModelHeight = geometry.ModelHeight,
            Fit = geometry.Fit,
            InputFormat = frame.Format,
            OutputFormat = outputFormat,
            WarmupIterations = warmupIterations,
            Iterations = iterations,
            OrtRunMsMedian = ortMedian,
            OrtRunMsP99 = Percentile(bare, 0.99),
            EngineFrameMsMedian = engineMedian,
            EngineFrameMsP99 = Percentile(whole, 0.99),
            OverheadRatio = engineMedian / ortMedian,
            PreprocessMsMedian = Percentile(preprocess, 0.5),
            EngineRunMsMedian = Percentile(run, 0.5),
            PostprocessMsMedian = Percentile(postprocess, 0.5),
        };
    }

    /// <summary>The nearest-rank percentile (0.5: median; 0.99: p99) of <paramref name="values"/>.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double fraction)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new ArgumentException("A percentile of no values is undefined.", nameof(values));
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static double TimeBareRun(DeblurEngine engine, GyroQuality quality)
    {
        var start = Stopwatch.GetTimestamp();
        engine.RunModelOnly(quality);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static (double Whole, double Preprocess, double Run, double Postprocess) TimeFrame(
        DeblurEngine engine, FrameView frame, MotionInput? motion, GyroQuality quality, Span<byte> output, PixelFormat outputFormat)
    {
        var start = Stopwatch.GetTimestamp();
        var result = engine.Process(frame, motion, quality, output, outputFormat);
        var whole = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return (whole, result.PreprocessMs, result.RunMs, result.PostprocessMs);
    }
}
