using System.Globalization;
using GyroEdge.Inference.Models;

namespace GyroEdge.Inference.Engine;

/// <summary>
/// The option strings the engine hands ONNX Runtime's TensorRT and CUDA providers (V2 keys,
/// docs/reference/onnxruntime.md), built from <see cref="EngineOptions"/> in one place so they can
/// be checked without a GPU.
/// </summary>
public static class ExecutionProviderOptions
{
    /// <summary>
    /// trt_profile_*_shapes for the camera resolution: every input with a symbolic dimension, at
    /// the model's size (min = opt = max: the camera's resolution never changes while running).
    /// TensorRT needs profiles for every dynamic input, even when reusing a cached engine;
    /// without them it rebuilds for each new shape it meets, on a frame.
    /// </summary>
    public static string ProfileShapes(ModelManifest manifest, FrameGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(geometry);
        return string.Join(',', manifest.Inputs
            .Where(t => t.Shape.Any(d => d.IsSymbolic))
            .Select(t => t.Name + ":" + string.Join('x', t.Shape.Select((d, axis) => Concrete(t, d, axis, geometry)))));
    }

    /// <summary>What else a built engine depends on, for <see cref="EngineCacheKey.BuildSettings"/>.</summary>
    public static string BuildSettings(TensorRtSettings settings, string profileShapes)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return string.Create(CultureInfo.InvariantCulture,
            $"fp16={(settings.Fp16 ? 1 : 0)};layernorm_fp32={(settings.LayerNormFp32Fallback ? 1 : 0)};dla={settings.DlaCore?.ToString(CultureInfo.InvariantCulture) ?? "none"};"
            + $"level={settings.BuilderOptimizationLevel?.ToString(CultureInfo.InvariantCulture) ?? "default"};profile={profileShapes}");
    }

    /// <summary>
    /// The TensorRT V2 options: caches in <paramref name="cacheDirectory"/>, precision, workspace,
    /// profiles, DLA, on the CUDA device <paramref name="deviceId"/> (the CUDA provider's, so that
    /// nodes TensorRT rejects run on the same GPU).
    /// </summary>
    public static IReadOnlyDictionary<string, string> TensorRt(TensorRtSettings settings, int deviceId, string cacheDirectory, string profileShapes)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        ArgumentNullException.ThrowIfNull(profileShapes);
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = deviceId.ToString(CultureInfo.InvariantCulture),
            ["trt_fp16_enable"] = Flag(settings.Fp16),
            ["trt_layer_norm_fp32_fallback"] = Flag(settings.Fp16 && settings.LayerNormFp32Fallback),
            ["trt_engine_cache_enable"] = "1",
            ["trt_engine_cache_path"] = cacheDirectory,
            ["trt_timing_cache_enable"] = "1",
            ["trt_timing_cache_path"] = cacheDirectory,
            ["trt_max_workspace_size"] = settings.WorkspaceBytes.ToString(CultureInfo.InvariantCulture),
        };
        if (profileShapes.Length > 0)
        {
            options["trt_profile_min_shapes"] = profileShapes;
            options["trt_profile_opt_shapes"] = profileShapes;
            options["trt_profile_max_shapes"] = profileShapes;
        }
        if (settings.DlaCore is { } core)
        {
            options["trt_dla_enable"] = "1";
            options["trt_dla_core"] = core.ToString(CultureInfo.InvariantCulture);
        }
        if (settings.BuilderOptimizationLevel is { } level)
            options["trt_builder_optimization_level"] = level.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings.ExtraOptions)
            options[key] = value;
        return options.AsReadOnly();
    }

    /// <summary>The CUDA V2 options.</summary>
    public static IReadOnlyDictionary<string, string> Cuda(CudaSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = settings.DeviceId.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings.ExtraOptions)
            options[key] = value;
        return options.AsReadOnly();
    }

    private static string Flag(bool value) => value ? "1" : "0";

    private static string Concrete(ModelTensor tensor, ModelDimension dimension, int axis, FrameGeometry geometry)
    {
        if (dimension.Size is { } size)
            return size.ToString(CultureInfo.InvariantCulture);
        if (tensor.Name == ModelContract.Image && axis == 2)
            return geometry.ModelHeight.ToString(CultureInfo.InvariantCulture);
        if (tensor.Name == ModelContract.Image && axis == 3)
            return geometry.ModelWidth.ToString(CultureInfo.InvariantCulture);
        throw new ArgumentException(
            $"Input {tensor} has a dynamic dimension {axis} the model contract does not allow (only image's height and width may be dynamic).",
            nameof(tensor));
    }
}
