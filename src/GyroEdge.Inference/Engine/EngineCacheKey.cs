using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GyroEdge.Inference.Engine;

/// <summary>
/// What a TensorRT engine depends on. An engine built by another model, ONNX Runtime, TensorRT,
/// GPU, or with other build settings (precision, DLA core, profile shapes) is invalid or subtly
/// wrong, and nothing inside the cached file says so reliably: so each key gets its own folder,
/// named by a hash of all of them. A changed key is a new, empty folder (the engine is rebuilt);
/// an old folder is never reused.
/// </summary>
/// <param name="TensorRtVersion">"none" when unknown.</param>
/// <param name="GpuName">"none" when unknown.</param>
/// <param name="BuildSettings">Everything else the engine is built for, e.g. "fp16=1;dla=none;profile=image:1x3x720x1280".</param>
public sealed record EngineCacheKey(string ModelSha256, string OnnxRuntimeVersion, string TensorRtVersion, string GpuName, string BuildSettings)
{
    /// <summary>Written into the folder, so a person can tell what a cache folder belongs to.</summary>
    public const string DescriptionFile = "key.json";

    /// <summary>32 hex digits of SHA-256 over every component (128 bits: no two keys will meet).</summary>
    public string DirectoryName
    {
        get
        {
            var text = string.Join('\n', "gyroedge-tensorrt-cache/1", ModelSha256, OnnxRuntimeVersion, TensorRtVersion, GpuName, BuildSettings);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
        }
    }

    /// <summary>This key's folder under <paramref name="cacheRoot"/>.</summary>
    public string DirectoryIn(string cacheRoot) => Path.Combine(cacheRoot, DirectoryName);

    /// <summary>The components as JSON, for <see cref="DescriptionFile"/>.</summary>
    public string Describe() => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["model_sha256"] = ModelSha256,
        ["onnxruntime"] = OnnxRuntimeVersion,
        ["tensorrt"] = TensorRtVersion,
        ["gpu"] = GpuName,
        ["build"] = BuildSettings,
    });
}
