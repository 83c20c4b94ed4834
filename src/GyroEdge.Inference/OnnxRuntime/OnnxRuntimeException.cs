namespace GyroEdge.Inference.OnnxRuntime;

/// <summary>
/// An ONNX Runtime function returned an error status. Carries ORT's own code and message, the C
/// function that failed and what it concerned, and the message says what to do about it.
/// </summary>
public class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(OrtErrorCode code, string nativeMessage, string call, string? subject = null)
        : base(Describe(code, nativeMessage, call, subject))
    {
        Code = code;
        NativeMessage = nativeMessage;
        Call = call;
        Subject = subject;
    }

    /// <summary>For a more specific failure that wraps what ORT said (<paramref name="inner"/>).</summary>
    protected OnnxRuntimeException(string message, OnnxRuntimeException inner)
        : base(message, inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Code = inner.Code;
        NativeMessage = inner.NativeMessage;
        Call = inner.Call;
        Subject = inner.Subject;
    }

    /// <summary>ORT's error code.</summary>
    public OrtErrorCode Code { get; }

    /// <summary>ORT's message, unchanged.</summary>
    public string NativeMessage { get; }

    /// <summary>The OrtApi function that returned the error, e.g. "CreateSession".</summary>
    public string Call { get; }

    /// <summary>What the call concerned (a model path, a tensor name), when known.</summary>
    public string? Subject { get; }

    /// <summary>The C name of <paramref name="code"/>, e.g. ORT_INVALID_PROTOBUF, as ORT's docs and logs spell it.</summary>
    public static string CName(OrtErrorCode code) => code switch
    {
        OrtErrorCode.Ok => "ORT_OK",
        OrtErrorCode.Fail => "ORT_FAIL",
        OrtErrorCode.InvalidArgument => "ORT_INVALID_ARGUMENT",
        OrtErrorCode.NoSuchFile => "ORT_NO_SUCHFILE",
        OrtErrorCode.NoModel => "ORT_NO_MODEL",
        OrtErrorCode.EngineError => "ORT_ENGINE_ERROR",
        OrtErrorCode.RuntimeException => "ORT_RUNTIME_EXCEPTION",
        OrtErrorCode.InvalidProtobuf => "ORT_INVALID_PROTOBUF",
        OrtErrorCode.ModelLoaded => "ORT_MODEL_LOADED",
        OrtErrorCode.NotImplemented => "ORT_NOT_IMPLEMENTED",
        OrtErrorCode.InvalidGraph => "ORT_INVALID_GRAPH",
        OrtErrorCode.EpFail => "ORT_EP_FAIL",
        OrtErrorCode.ModelLoadCanceled => "ORT_MODEL_LOAD_CANCELED",
        OrtErrorCode.ModelRequiresCompilation => "ORT_MODEL_REQUIRES_COMPILATION",
        _ => $"ORT error {(int)code}",
    };

    private static string Describe(OrtErrorCode code, string nativeMessage, string call, string? subject)
    {
        var what = subject is null ? call : $"{call} for {subject}";
        return $"ONNX Runtime {what} failed: {nativeMessage.Trim()} [{CName(code)}]. {Advice(code)}";
    }

    private static string Advice(OrtErrorCode code) => code switch
    {
        OrtErrorCode.InvalidProtobuf =>
            "The file is not a complete ONNX model (a truncated copy or download, or not ONNX at all): export or copy it again.",
        OrtErrorCode.NoSuchFile => "Check that the path exists and that this user can read it.",
        OrtErrorCode.NotImplemented =>
            "This ONNX Runtime build lacks an operator or type the model uses: export at opset 17 or lower without DeformConv (DESIGN.md), or use a newer ONNX Runtime.",
        OrtErrorCode.InvalidArgument =>
            "Check the tensor names, shapes and element types against the model (OrtSession.Inputs and Outputs).",
        OrtErrorCode.InvalidGraph => "The model graph is invalid: export it again and check it with onnx.checker.",
        OrtErrorCode.RuntimeException =>
            "A node failed while running: if the message shows two shapes, a bound tensor's size differs from what the model computes for these inputs.",
        OrtErrorCode.EpFail =>
            "An execution provider failed: check its libraries (CUDA, cuDNN, TensorRT) and options, or run without it.",
        _ => "ORT's log has the details: raise the log severity to Verbose to see them.",
    };
}
