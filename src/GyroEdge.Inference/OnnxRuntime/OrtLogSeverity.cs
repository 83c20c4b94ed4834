namespace GyroEdge.Inference.OnnxRuntime;

/// <summary>The least severe message ORT logs (OrtLoggingLevel). ORT logs to stderr.</summary>
public enum OrtLogSeverity
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}
