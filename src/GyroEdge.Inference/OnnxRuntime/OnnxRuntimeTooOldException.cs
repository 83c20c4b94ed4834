namespace GyroEdge.Inference.OnnxRuntime;

/// <summary>
/// The loaded libonnxruntime is older than the OrtApi version GyroEdge calls (its GetApi returned
/// NULL for that version).
/// </summary>
public sealed class OnnxRuntimeTooOldException : PlatformNotSupportedException
{
    public OnnxRuntimeTooOldException(string libraryVersion, uint requiredApiVersion)
        : base($"The loaded ONNX Runtime is version {libraryVersion}, which does not serve OrtApi version {requiredApiVersion}; "
            + $"GyroEdge needs ONNX Runtime 1.{requiredApiVersion} or newer (API version N is ONNX Runtime 1.N). "
            + $"Fix: run ./gyroedge setup (pinned {OnnxRuntimeLibrary.PinnedVersion}) or point {OnnxRuntimeLibrary.PathVariable} at a newer libonnxruntime.so.1.")
    {
        LibraryVersion = libraryVersion;
        RequiredApiVersion = requiredApiVersion;
    }

    /// <summary>What the library's GetVersionString returned, e.g. "1.14.1".</summary>
    public string LibraryVersion { get; }

    /// <summary>The OrtApi version that was requested.</summary>
    public uint RequiredApiVersion { get; }
}
