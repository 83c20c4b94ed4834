namespace GyroEdge.Inference.OnnxRuntime;

/// <summary>
/// An execution provider (TensorRT, CUDA) could not be added to a session. Usually the loaded ONNX
/// Runtime was built without it or its libraries (CUDA, cuDNN, TensorRT) cannot be loaded; it can
/// also be an option ORT rejects. The caller can retry with the next provider in its order, down
/// to the CPU.
/// </summary>
public sealed class ExecutionProviderUnavailableException : OnnxRuntimeException
{
    public ExecutionProviderUnavailableException(string provider, OnnxRuntimeException inner)
        : base(Describe(provider, inner), inner)
    {
        Provider = provider;
    }

    /// <summary>The provider as GyroEdge names it: "TensorRT" or "CUDA".</summary>
    public string Provider { get; }

    private static string Describe(string provider, OnnxRuntimeException inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return $"The {provider} execution provider could not be added: {inner.Call} failed with {CName(inner.Code)}: "
            + $"{inner.NativeMessage.Trim()}. If a library failed to load, this ONNX Runtime build or machine cannot run {provider} "
            + $"(the official x64 and arm64 builds cannot): on a Jetson use ONNX Runtime built with TensorRT and CUDA "
            + $"(Dockerfile.jetson) with the CUDA, cuDNN and TensorRT libraries on the library path. If it names an option, fix "
            + $"that key or value in ExecutionProvider.Options. Or leave {provider} out of OrtSessionOptions.ExecutionProviders "
            + "to run on the next provider or the CPU.";
    }
}
