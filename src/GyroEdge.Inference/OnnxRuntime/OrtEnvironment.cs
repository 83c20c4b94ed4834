using GyroEdge.Inference.OnnxRuntime.Interop;

namespace GyroEdge.Inference.OnnxRuntime;

/// <summary>
/// The process's one ONNX Runtime environment (OrtEnv: logging and the shared state every
/// session uses). ORT allows one per process, so this is a singleton: call
/// <see cref="Initialize"/> once at start to choose the log severity, or use
/// <see cref="Instance"/> for the default (warnings and worse).
/// </summary>
public sealed class OrtEnvironment
{
    private const string LogId = "gyroedge";
    private static readonly Lock CreationLock = new();
    private static volatile OrtEnvironment? instance;

    private OrtEnvironment(OrtLogSeverity logSeverity)
    {
        // Never released: sessions may live until the process exits and ORT requires the env to
        // outlive every one of them.
        Handle = OrtApi.CreateEnv(logSeverity, LogId);
        LogSeverity = logSeverity;
    }

    /// <summary>The environment, created on first use with <see cref="OrtLogSeverity.Warning"/>.</summary>
    /// <exception cref="GyroEdge.Native.NativeLibraryMissingException">libonnxruntime.so.1 could not be loaded.</exception>
    /// <exception cref="OnnxRuntimeTooOldException">The library is older than <see cref="OnnxRuntimeLibrary.RequiredApiVersion"/>.</exception>
    public static OrtEnvironment Instance => instance ?? GetOrCreate(OrtLogSeverity.Warning, requireSeverity: false);

    /// <summary>The least severe message ORT logs for this process.</summary>
    public OrtLogSeverity LogSeverity { get; }

    internal OrtEnvHandle Handle { get; }

    /// <summary>
    /// Creates the environment with <paramref name="logSeverity"/>, or returns it if it already
    /// exists with that severity.
    /// </summary>
    /// <exception cref="InvalidOperationException">It already exists with another severity.</exception>
    public static OrtEnvironment Initialize(OrtLogSeverity logSeverity) => GetOrCreate(logSeverity, requireSeverity: true);

    /// <summary>Opens the ONNX model at <paramref name="modelPath"/>.</summary>
    /// <exception cref="OnnxRuntimeException">ORT cannot load the model (the message names the file).</exception>
    /// <exception cref="ExecutionProviderUnavailableException">A provider in <paramref name="options"/> cannot be added.</exception>
    public OrtSession CreateSession(string modelPath, OrtSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var fullPath = Path.GetFullPath(modelPath);
        return OrtSession.Open(this, options ?? new OrtSessionOptions(), fullPath, fullPath, default);
    }

    /// <summary>Opens an ONNX model held in memory (ORT copies what it needs; the span may be reused after).</summary>
    /// <param name="modelName">Names the model in errors and <see cref="OrtSession.ModelName"/>.</param>
    public OrtSession CreateSession(ReadOnlySpan<byte> model, OrtSessionOptions? options = null, string modelName = "in-memory model")
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        return OrtSession.Open(this, options ?? new OrtSessionOptions(), modelName, path: null, model);
    }

    private static OrtEnvironment GetOrCreate(OrtLogSeverity logSeverity, bool requireSeverity)
    {
        lock (CreationLock)
        {
            instance ??= new OrtEnvironment(logSeverity);
            if (requireSeverity && instance.LogSeverity != logSeverity)
            {
                throw new InvalidOperationException(
                    $"The ONNX Runtime environment already exists with log severity {instance.LogSeverity}, and ORT allows one per "
                    + $"process, so it cannot be recreated with {logSeverity}. Call OrtEnvironment.Initialize once, before the first "
                    + "session or OrtEnvironment.Instance, or set the severity per session (OrtSessionOptions.LogSeverity).");
            }
            return instance;
        }
    }
}
