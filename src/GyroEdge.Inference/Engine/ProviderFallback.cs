using GyroEdge.Inference.Models;
using GyroEdge.Inference.OnnxRuntime;

namespace GyroEdge.Inference.Engine;

/// <summary>
/// Opens a model's session on the first provider that works, in the order TensorRT, CUDA, CPU.
/// Falling back is safe for two failures only: a provider that cannot be added (its libraries
/// are missing, as on every official x64 or arm64 build) and a provider that fails while building
/// the session (ORT_EP_FAIL, e.g. a TensorRT engine build). Anything else (a corrupt model, a
/// missing operator) would fail on every provider and is reported as it is.
/// </summary>
internal sealed class ProviderFallback(EngineOptions options, IEngineStatus status)
{
    public const string TensorRt = "TensorRT";
    public const string Cuda = "CUDA";
    public const string Cpu = "CPU";

    // Shared by every model the engine opens, so the second model does not retry (and report) a
    // provider the first one found missing.
    private readonly HashSet<string> unavailable = new(StringComparer.Ordinal);
    private readonly List<string> reasons = [];
    private string? createdCache;

    /// <summary>"TensorRT unavailable (...), CUDA unavailable (...)": what was skipped, in order; empty when nothing was.</summary>
    public IReadOnlyList<string> Reasons => reasons;

    public (OrtSession Session, string Provider) Open(ModelPackage package, FrameGeometry geometry)
    {
        var profile = ExecutionProviderOptions.ProfileShapes(package.Manifest, geometry);
        string? cacheDirectory = null;
        while (true)
        {
            var sessionOptions = new OrtSessionOptions
            {
                IntraOpThreads = options.IntraOpThreads,
                InterOpThreads = options.InterOpThreads,
                LogSeverity = options.LogSeverity,
            };
            if (!options.IntraOpSpinning)
                sessionOptions.ConfigEntries["session.intra_op.allow_spinning"] = "0";
            var wanted = Wanted();
            if (wanted.Contains(TensorRt) && cacheDirectory is null)
            {
                try
                {
                    cacheDirectory = PrepareCache(package, profile);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Skip(TensorRt, $"{TensorRt} unavailable (its engine cache folder under {options.TensorRt.CacheDirectory} cannot be written: "
                        + $"{e.Message} Set TensorRt.CacheDirectory to a folder this user can write)");
                    continue;
                }
            }
            foreach (var provider in wanted)
            {
                if (provider == TensorRt)
                {
                    sessionOptions.ExecutionProviders.Add(ExecutionProvider.TensorRt(
                        ExecutionProviderOptions.TensorRt(options.TensorRt, options.Cuda.DeviceId, cacheDirectory!, profile)));
                }
                else
                {
                    sessionOptions.ExecutionProviders.Add(ExecutionProvider.Cuda(ExecutionProviderOptions.Cuda(options.Cuda)));
                }
            }
            var first = wanted.Count > 0 ? wanted[0] : Cpu;
            status.Report(EngineStatusLevel.Progress, first == TensorRt
                ? $"building or loading the TensorRT engine for {package.Name} at {geometry.ModelWidth}x{geometry.ModelHeight} "
                  + $"(the first build takes minutes; cached in {cacheDirectory})"
                : $"loading {package.Name} on {first}");
            try
            {
                var session = OrtEnvironment.Instance.CreateSession(package.ModelBytes.Span, sessionOptions, package.ModelPath);
                return (session, first);
            }
            catch (ExecutionProviderUnavailableException e)
            {
                Skip(e.Provider, $"{e.Provider} unavailable ({Reason(e)})");
            }
            catch (OnnxRuntimeException e) when (e.Code == OrtErrorCode.EpFail && wanted.Count > 0)
            {
                Skip(first, $"{first} failed to build the session ({Reason(e)})");
            }
        }
    }

    private List<string> Wanted()
    {
        var wanted = new List<string>();
        if (options.TensorRt.Enabled && !unavailable.Contains(TensorRt))
            wanted.Add(TensorRt);
        if (options.Cuda.Enabled && !unavailable.Contains(Cuda))
            wanted.Add(Cuda);
        return wanted;
    }

    private void Skip(string provider, string reason)
    {
        if (provider == TensorRt && createdCache is { } created)
        {
            // Made for this attempt and never used: leave no empty folder behind.
            if (Directory.EnumerateFileSystemEntries(created).All(f => Path.GetFileName(f) == EngineCacheKey.DescriptionFile))
                Directory.Delete(created, recursive: true);
            createdCache = null;
        }
        unavailable.Add(provider);
        reasons.Add(reason);
        status.Report(EngineStatusLevel.Warning, reason);
    }

    private string PrepareCache(ModelPackage package, string profile)
    {
        var key = new EngineCacheKey(
            package.Manifest.Sha256,
            OnnxRuntimeLibrary.Version,
            DeviceIdentity.TensorRtVersion(options.TensorRt),
            DeviceIdentity.GpuName(options.TensorRt),
            ExecutionProviderOptions.BuildSettings(options.TensorRt, profile));
        var directory = key.DirectoryIn(options.TensorRt.CacheDirectory);
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            createdCache = directory;
        }
        File.WriteAllText(Path.Combine(directory, EngineCacheKey.DescriptionFile), key.Describe());
        return directory;
    }

    /// <summary>
    /// ORT's own words, first line, without the source location and code ORT puts before them
    /// ("/onnxruntime_src/...cc:1696 void ...Ensure() [ONNXRuntimeError] : 1 : FAIL : Failed to load library ...").
    /// </summary>
    internal static string Reason(OnnxRuntimeException e)
    {
        var message = e.NativeMessage.Trim();
        var end = message.IndexOfAny(['\r', '\n']);
        if (end >= 0)
            message = message[..end];
        const string Marker = "[ONNXRuntimeError] : ";
        var marker = message.IndexOf(Marker, StringComparison.Ordinal);
        if (marker >= 0)
        {
            // Then "<code> : <NAME> : <message>".
            var rest = message[(marker + Marker.Length)..];
            var parts = rest.Split(" : ", 3);
            message = parts.Length == 3 ? parts[2] : rest;
        }
        return message;
    }
}
