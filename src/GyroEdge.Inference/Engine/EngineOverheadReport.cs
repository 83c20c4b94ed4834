using GyroEdge.Imaging.Pixels;
using GyroEdge.Inference.Models;

namespace GyroEdge.Inference.Engine;

/// <summary>The figures <see cref="EngineOverheadBenchmark"/> measured, with what they were measured on.</summary>
public sealed class EngineOverheadReport
{
    public required string ModelName { get; init; }
    public required string ModelPath { get; init; }
    public required string ModelSha256 { get; init; }
    public required ModelKind ModelKind { get; init; }
    public required string Provider { get; init; }
    public required IReadOnlyList<string> ProviderFallbacks { get; init; }
    public required string OnnxRuntimeVersion { get; init; }

    /// <summary>As configured; 0 means ORT chose (one thread per physical core).</summary>
    public required int IntraOpThreads { get; init; }

    public required int InterOpThreads { get; init; }
    public required bool IntraOpSpinning { get; init; }
    public required int FrameWidth { get; init; }
    public required int FrameHeight { get; init; }
    public required int ModelWidth { get; init; }
    public required int ModelHeight { get; init; }
    public required FrameFit Fit { get; init; }
    public required PixelFormat InputFormat { get; init; }
    public required PixelFormat OutputFormat { get; init; }
    public required int WarmupIterations { get; init; }
    public required int Iterations { get; init; }

    /// <summary>ORT's Run alone on the prepared tensors.</summary>
    public required double OrtRunMsMedian { get; init; }
    public required double OrtRunMsP99 { get; init; }

    /// <summary>The engine's whole per-frame path: preprocess, Run, postprocess.</summary>
    public required double EngineFrameMsMedian { get; init; }
    public required double EngineFrameMsP99 { get; init; }

    /// <summary>EngineFrameMsMedian / OrtRunMsMedian: 1.0 would mean the engine adds nothing.</summary>
    public required double OverheadRatio { get; init; }

    public required double PreprocessMsMedian { get; init; }
    public required double EngineRunMsMedian { get; init; }
    public required double PostprocessMsMedian { get; init; }
}
