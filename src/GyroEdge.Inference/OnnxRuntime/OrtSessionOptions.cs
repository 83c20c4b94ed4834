namespace GyroEdge.Inference.OnnxRuntime;

/// <summary>How ORT builds and runs a session. Plain values, applied when the session is created.</summary>
public sealed class OrtSessionOptions
{
    /// <summary>Graph rewrites at load time; ORT's default is <see cref="OrtGraphOptimizationLevel.All"/>.</summary>
    public OrtGraphOptimizationLevel GraphOptimizationLevel { get; set; } = OrtGraphOptimizationLevel.All;

    /// <summary>Threads inside one operator; 0 lets ORT choose (one per physical core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Threads running independent operators in parallel; 0 lets ORT choose.</summary>
    public int InterOpThreads { get; set; }

    /// <summary>The least severe message this session logs.</summary>
    public OrtLogSeverity LogSeverity { get; set; } = OrtLogSeverity.Warning;

    /// <summary>
    /// Session configuration entries (onnxruntime_session_options_config_keys.h), e.g.
    /// "session.intra_op.allow_spinning" = "0" to stop idle threads spinning on a shared CPU.
    /// </summary>
    public IDictionary<string, string> ConfigEntries { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Hardware providers in order of preference; the CPU provider is always last and implicit.</summary>
    public IList<ExecutionProvider> ExecutionProviders { get; } = new List<ExecutionProvider>();

    /// <exception cref="ArgumentOutOfRangeException">A property is out of its range; the message names it.</exception>
    internal void Validate()
    {
        if (IntraOpThreads < 0)
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be 0 (ORT chooses) or a positive thread count.");
        if (InterOpThreads < 0)
            throw new ArgumentOutOfRangeException(nameof(InterOpThreads), InterOpThreads, "InterOpThreads must be 0 (ORT chooses) or a positive thread count.");
        if (!Enum.IsDefined(GraphOptimizationLevel))
            throw new ArgumentOutOfRangeException(nameof(GraphOptimizationLevel), GraphOptimizationLevel, "GraphOptimizationLevel must be DisableAll, Basic, Extended or All.");
        if (!Enum.IsDefined(LogSeverity))
            throw new ArgumentOutOfRangeException(nameof(LogSeverity), LogSeverity, "LogSeverity must be Verbose, Info, Warning, Error or Fatal.");
    }
}
