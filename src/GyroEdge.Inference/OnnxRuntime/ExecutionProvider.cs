namespace GyroEdge.Inference.OnnxRuntime;

/// <summary>
/// A hardware execution provider to add to a session, with its V2 options as ORT's key/value
/// strings (docs/reference/onnxruntime.md lists the keys). List them in
/// <see cref="OrtSessionOptions.ExecutionProviders"/> in order of preference (TensorRT, then CUDA);
/// the CPU provider always comes last and needs no entry.
/// </summary>
public sealed class ExecutionProvider
{
    private ExecutionProvider(ExecutionProviderKind kind, string name, IReadOnlyDictionary<string, string>? options)
    {
        Kind = kind;
        Name = name;
        Options = new Dictionary<string, string>(options ?? new Dictionary<string, string>(), StringComparer.Ordinal).AsReadOnly();
    }

    /// <summary>"TensorRT" or "CUDA".</summary>
    public string Name { get; }

    /// <summary>V2 option keys and values, e.g. trt_fp16_enable = "1".</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    internal ExecutionProviderKind Kind { get; }

    /// <summary>TensorRT, e.g. with trt_engine_cache_enable, trt_engine_cache_path, trt_max_workspace_size.</summary>
    public static ExecutionProvider TensorRt(IReadOnlyDictionary<string, string>? options = null) =>
        new(ExecutionProviderKind.TensorRt, "TensorRT", options);

    /// <summary>CUDA, e.g. with device_id, gpu_mem_limit, cudnn_conv_algo_search.</summary>
    public static ExecutionProvider Cuda(IReadOnlyDictionary<string, string>? options = null) =>
        new(ExecutionProviderKind.Cuda, "CUDA", options);

    public override string ToString() => Name;
}

internal enum ExecutionProviderKind
{
    TensorRt,
    Cuda,
}
