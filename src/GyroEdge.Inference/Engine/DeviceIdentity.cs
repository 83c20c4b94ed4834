using GyroEdge.Inference.Engine.Interop;

namespace GyroEdge.Inference.Engine;

/// <summary>The TensorRT version and GPU this machine has, as far as they can be found: two of the engine cache key's parts.</summary>
public static class DeviceIdentity
{
    /// <summary>Stands for a part that could not be found.</summary>
    public const string Unknown = "none";

    /// <summary>The configured version, else libnvinfer's own (getInferLibVersion), else <see cref="Unknown"/>.</summary>
    public static string TensorRtVersion(TensorRtSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Version ?? NvInfer.TryGetVersion() ?? Unknown;
    }

    /// <summary>The configured name, else the driver's, else <see cref="Unknown"/>.</summary>
    public static string GpuName(TensorRtSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.GpuName ?? ReadGpuName("/proc") ?? Unknown;
    }

    /// <summary>
    /// A discrete GPU's "Model:" line from the NVIDIA driver (/proc/driver/nvidia/gpus/*/information),
    /// or a Jetson's board model from the device tree (/proc/device-tree/model: the integrated GPU
    /// is fixed by the module), or null.
    /// </summary>
    public static string? ReadGpuName(string procRoot)
    {
        ArgumentNullException.ThrowIfNull(procRoot);
        var gpus = Path.Combine(procRoot, "driver", "nvidia", "gpus");
        if (Directory.Exists(gpus))
        {
            foreach (var information in Directory.EnumerateFiles(gpus, "information", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                foreach (var line in File.ReadLines(information))
                {
                    if (line.StartsWith("Model:", StringComparison.Ordinal))
                        return line["Model:".Length..].Trim();
                }
            }
        }
        var tree = Path.Combine(procRoot, "device-tree", "model");
        if (File.Exists(tree))
        {
            var model = File.ReadAllText(tree).TrimEnd('\0', '\n', ' ');
            if (model.Length > 0)
                return model;
        }
        return null;
    }
}
