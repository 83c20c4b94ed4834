namespace GyroEdge.Inference.Engine;

/// <summary>
/// Where the engine reports what it is doing at start-up (loading, building TensorRT engines,
/// falling back to another provider). The host forwards each report to its log and to systemd
/// (STATUS=), so an operator watching `systemctl status` sees a minutes-long engine build as
/// progress, not a hang. Calls come from the thread creating the engine.
/// </summary>
public interface IEngineStatus
{
    void Report(EngineStatusLevel level, string message);
}

/// <summary>How a status report should be logged.</summary>
public enum EngineStatusLevel
{
    /// <summary>A step of normal start-up.</summary>
    Progress,

    /// <summary>Something fell short of the configuration, e.g. a provider that could not be used.</summary>
    Warning,
}

/// <summary>Discards every report (for tools that print their own summary).</summary>
public sealed class SilentEngineStatus : IEngineStatus
{
    public static readonly SilentEngineStatus Instance = new();

    private SilentEngineStatus()
    {
    }

    public void Report(EngineStatusLevel level, string message)
    {
    }
}
