namespace GyroEdge.Host.Recording;

/// <summary>What the recorder does when the next write would take the recordings past <see cref="FieldRecorderOptions.DiskBudgetBytes"/>.</summary>
public enum DiskBudgetPolicy
{
    /// <summary>Delete whole closed sessions, oldest first, to make room (a ring of recent data).</summary>
    DeleteOldestSessions,

    /// <summary>Keep everything recorded so far and stop recording.</summary>
    StopRecording,
}

/// <summary>Record mode's settings (DESIGN.md, "Recordings"; the field team's "nothing lost on power loss or a full disk").</summary>
public sealed class FieldRecorderOptions
{
    /// <summary>The folder holding one sub-folder per session (session-000001, session-000002, ...).</summary>
    public string Root { get; set; } = "/var/lib/gyroedge/recordings";

    /// <summary>A new session starts after this many frames; keeps each folder small enough to copy and share.</summary>
    public int RotateAfterFrames { get; set; } = 3000;

    /// <summary>A new session starts once a frame's exposure starts this long after the session's first frame (camera clock, not wall clock).</summary>
    public TimeSpan RotateAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Total bytes across all sessions under <see cref="Root"/>, including the one being written.</summary>
    public long DiskBudgetBytes { get; set; } = 8L << 30;

    public DiskBudgetPolicy WhenBudgetReached { get; set; } = DiskBudgetPolicy.DeleteOldestSessions;

    /// <summary>
    /// How often gyro.csv and frames.csv rows are written and fsynced. This is the durability
    /// bound: a power cut loses at most the rows of the last interval (250 ms: 250 gyro samples at
    /// 1 kHz), never a frame file already listed, and never leaves a torn row (see
    /// <see cref="FieldRecorder"/>).
    /// </summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Root))
            throw new ArgumentException("Recording root is empty; set it to a folder on local storage, e.g. /var/lib/gyroedge/recordings.", nameof(Root));
        if (RotateAfterFrames < 1)
            throw new ArgumentException($"RotateAfterFrames is {RotateAfterFrames}; it must be at least 1 frame per session.", nameof(RotateAfterFrames));
        if (RotateAfter <= TimeSpan.Zero)
            throw new ArgumentException($"RotateAfter is {RotateAfter}; it must be positive, e.g. 00:10:00.", nameof(RotateAfter));
        if (DiskBudgetBytes < 1 << 20)
            throw new ArgumentException($"DiskBudgetBytes is {DiskBudgetBytes}; at least 1 MiB is needed to hold one session's files.", nameof(DiskBudgetBytes));
        if (SyncInterval <= TimeSpan.Zero || SyncInterval > TimeSpan.FromSeconds(10))
            throw new ArgumentException($"SyncInterval is {SyncInterval}; it bounds the data a power cut loses, so keep it between 1 ms and 10 s.", nameof(SyncInterval));
    }
}

/// <summary>Whether the recorder is writing, and if not, why: what the host puts in systemd's STATUS= and /healthz.</summary>
public enum RecorderState
{
    Recording,
    Stopped,
}

/// <param name="Reason">Null while recording; otherwise a sentence saying what happened and what to do.</param>
public sealed record RecorderStatus(RecorderState State, string? Reason, string? Session, long FramesRecorded, long GyroSamplesRecorded, long BytesUsed);
