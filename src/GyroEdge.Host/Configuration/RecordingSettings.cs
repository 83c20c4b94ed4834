namespace GyroEdge.Host.Configuration;

/// <summary><c>Recording</c>: record mode's folder, session length and disk budget (Recording/FieldRecorder).</summary>
public sealed class RecordingSettings
{
    public string Directory { get; set; } = "/var/lib/gyroedge/recordings";

    /// <summary>A new session starts after this many frames.</summary>
    public int SessionFrames { get; set; } = 3000;

    /// <summary>A new session starts once a frame's exposure starts this long after the session's first frame.</summary>
    public TimeSpan SessionLength { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Bytes all sessions under <see cref="Directory"/> may take.</summary>
    public long DiskBudgetBytes { get; set; } = 8L << 30;

    /// <summary>At the budget: "delete-oldest" sessions (a ring of recent data) or "stop" recording.</summary>
    public string WhenBudgetReached { get; set; } = "delete-oldest";

    /// <summary>How often csv rows are fsynced: the most a power cut loses.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
