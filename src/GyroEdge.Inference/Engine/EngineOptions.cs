using GyroEdge.Inference.OnnxRuntime;

namespace GyroEdge.Inference.Engine;

/// <summary>
/// How the deblur engine runs: the camera's resolution (buffers, TensorRT profiles and the
/// warm-up are sized for it at start), how frames are fitted to the model, ONNX Runtime's
/// threads, and the execution providers tried in order: TensorRT, CUDA, then the CPU.
/// </summary>
public sealed class EngineOptions
{
    /// <summary>The camera's frame width in pixels; every frame must have it.</summary>
    public int FrameWidth { get; set; }

    /// <summary>The camera's frame height in pixels; every frame must have it.</summary>
    public int FrameHeight { get; set; }

    public FrameFit Fit { get; set; } = FrameFit.Pad;

    /// <summary>
    /// With <see cref="FrameFit.Resize"/>: the model input width; 0 takes the model's fixed width,
    /// or else the frame's rounded to the nearest multiple of `align`. Must be a multiple of `align`.
    /// </summary>
    public int ResizeWidth { get; set; }

    /// <summary>As <see cref="ResizeWidth"/>, for the height.</summary>
    public int ResizeHeight { get; set; }

    /// <summary>Threads inside one operator; 0 lets ORT choose (one per physical core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Threads running independent operators; 0 lets ORT choose.</summary>
    public int InterOpThreads { get; set; }

    /// <summary>
    /// Whether ORT's idle intra-op threads spin waiting for the next Run (ORT's default) or sleep
    /// ("session.intra_op.allow_spinning" = "0"). Spinning saves a wake-up per Run but keeps a
    /// core busy between frames, which on a two-core board takes time from the frame's own
    /// pre- and post-processing and from the sensor threads.
    /// </summary>
    public bool IntraOpSpinning { get; set; } = true;

    /// <summary>ORT's log level for the engine's sessions.</summary>
    public OrtLogSeverity LogSeverity { get; set; } = OrtLogSeverity.Warning;

    public TensorRtSettings TensorRt { get; } = new();

    public CudaSettings Cuda { get; } = new();

    /// <exception cref="ArgumentOutOfRangeException">A property is out of range; the message names it.</exception>
    public void Validate()
    {
        if (FrameWidth <= 0 || FrameHeight <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FrameWidth), $"{FrameWidth}x{FrameHeight}",
                "FrameWidth and FrameHeight must be the camera's resolution: the engine sizes its buffers and TensorRT profiles for it at start.");
        }
        if (!Enum.IsDefined(Fit))
            throw new ArgumentOutOfRangeException(nameof(Fit), Fit, "Fit must be Pad or Resize.");
        if (ResizeWidth < 0 || ResizeHeight < 0)
            throw new ArgumentOutOfRangeException(nameof(ResizeWidth), $"{ResizeWidth}x{ResizeHeight}", "ResizeWidth and ResizeHeight must be 0 (choose) or a size in pixels.");
        if (IntraOpThreads < 0)
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be 0 (ORT chooses) or a positive thread count.");
        if (InterOpThreads < 0)
            throw new ArgumentOutOfRangeException(nameof(InterOpThreads), InterOpThreads, "InterOpThreads must be 0 (ORT chooses) or a positive thread count.");
        TensorRt.Validate();
        Cuda.Validate();
    }
}

/// <summary>The TensorRT execution provider's settings (ORT's TensorRT V2 options, docs/reference/onnxruntime.md).</summary>
public sealed class TensorRtSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>Build FP16 engines (trt_fp16_enable). Check the model's FP16 output against FP32 (DESIGN.md).</summary>
    public bool Fp16 { get; set; } = true;

    /// <summary>
    /// Keep normalisation layers in FP32 under FP16 (trt_layer_norm_fp32_fallback): LayerNorm in
    /// FP16 gives NaN on TensorRT 10.0/10.1 (NVIDIA/TensorRT issues 3897, 4338).
    /// </summary>
    public bool LayerNormFp32Fallback { get; set; } = true;

    /// <summary>
    /// Root of the engine and timing caches. Each model gets a subfolder named by its
    /// <see cref="EngineCacheKey"/>, so an engine is reused only by the exact model, ONNX Runtime,
    /// TensorRT, GPU and build settings that built it.
    /// </summary>
    public string CacheDirectory { get; set; } = "/var/cache/gyroedge/tensorrt";

    /// <summary>Builder workspace in bytes (trt_max_workspace_size): set it explicitly on Jetson's shared memory.</summary>
    public long WorkspaceBytes { get; set; } = 1L << 30;

    /// <summary>A DLA core to build for (trt_dla_enable, trt_dla_core) on boards that have them (Orin AGX, NX); null for the GPU.</summary>
    public int? DlaCore { get; set; }

    /// <summary>trt_builder_optimization_level 0-5; null keeps TensorRT's default (3).</summary>
    public int? BuilderOptimizationLevel { get; set; }

    /// <summary>The TensorRT version for the cache key; null probes libnvinfer (getInferLibVersion).</summary>
    public string? Version { get; set; }

    /// <summary>The GPU's name for the cache key; null reads it from the driver (/proc).</summary>
    public string? GpuName { get; set; }

    /// <summary>Further TensorRT V2 options passed as they are (they override the ones above).</summary>
    public IDictionary<string, string> ExtraOptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    internal void Validate()
    {
        if (Enabled && string.IsNullOrWhiteSpace(CacheDirectory))
            throw new ArgumentOutOfRangeException(nameof(CacheDirectory), CacheDirectory, "TensorRt.CacheDirectory must name a writable folder: without a cache every start rebuilds the engines (minutes on a Jetson).");
        if (WorkspaceBytes <= 0)
            throw new ArgumentOutOfRangeException(nameof(WorkspaceBytes), WorkspaceBytes, "TensorRt.WorkspaceBytes must be a positive byte count.");
        if (DlaCore is < 0)
            throw new ArgumentOutOfRangeException(nameof(DlaCore), DlaCore, "TensorRt.DlaCore must be null (GPU) or a DLA core number (0 or 1 on Orin).");
        if (BuilderOptimizationLevel is < 0 or > 5)
            throw new ArgumentOutOfRangeException(nameof(BuilderOptimizationLevel), BuilderOptimizationLevel, "TensorRt.BuilderOptimizationLevel must be 0 to 5, or null for TensorRT's default.");
    }
}

/// <summary>The CUDA execution provider's settings (ORT's CUDA V2 options).</summary>
public sealed class CudaSettings
{
    public bool Enabled { get; set; } = true;

    public int DeviceId { get; set; }

    /// <summary>Further CUDA V2 options passed as they are, e.g. cudnn_conv_algo_search = HEURISTIC.</summary>
    public IDictionary<string, string> ExtraOptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    internal void Validate()
    {
        if (DeviceId < 0)
            throw new ArgumentOutOfRangeException(nameof(DeviceId), DeviceId, "Cuda.DeviceId must be a CUDA device number (0 on a Jetson).");
    }
}
