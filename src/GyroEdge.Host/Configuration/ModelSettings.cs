namespace GyroEdge.Host.Configuration;

/// <summary><c>Models</c>: the gyro model, its blind twin, and where ONNX Runtime runs them.</summary>
public sealed class ModelSettings
{
    /// <summary>The gyro model (.onnx with its .manifest.json beside it).</summary>
    public string Gyro { get; set; } = "/usr/share/gyroedge/models/gyroedge-edge.onnx";

    /// <summary>Its gyro-free twin, run when a frame has no usable gyro.</summary>
    public string Blind { get; set; } = "/usr/share/gyroedge/models/gyroedge-edge-blind.onnx";

    /// <summary>Execution providers to try, in order: any of "TensorRT", "CUDA", "CPU" (the CPU is always the last resort). Absent: all three.</summary>
    public IList<string>? Providers { get; set; }

    /// <summary>Where TensorRT keeps its engines between starts (building one takes minutes on a Jetson).</summary>
    public string TensorRtCache { get; set; } = "/var/cache/gyroedge/tensorrt";

    /// <summary>ORT intra-op threads; 0 lets ORT choose.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>"pad" (to a multiple of the model's align) or "resize".</summary>
    public string Fit { get; set; } = "pad";
}
