namespace GyroEdge.Messaging.Outbox;

/// <summary>Where the outbox keeps its files and how much disk it may use.</summary>
public sealed class OutboxOptions
{
    /// <summary>The outbox directory; created when missing. Give each device its own, on a local disk.</summary>
    public string Directory { get; set; } = "";

    /// <summary>
    /// The byte budget for entry files. When a new entry does not fit, the oldest entries not yet
    /// handed to the MQTT client are evicted (deleted and counted). 256 MiB holds about ten minutes
    /// of 100 KiB frames at 4 fps through a broker outage.
    /// </summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// fsync each entry file and the directory after the rename, so an acknowledged append survives
    /// a power cut. Off only for benchmarks that want the network's share alone.
    /// </summary>
    public bool FlushToDisk { get; set; } = true;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
            throw new ArgumentException("OutboxOptions.Directory is empty; set it to a directory on a local disk, e.g. /var/lib/gyroedge/outbox.", nameof(Directory));
        if (MaxBytes < 1024)
            throw new ArgumentException($"OutboxOptions.MaxBytes is {MaxBytes}; the outbox needs room for at least one frame (e.g. 256 MiB).", nameof(MaxBytes));
    }
}

/// <summary>What <see cref="OutboxStore.Append"/> did with an entry.</summary>
/// <param name="Stored">False when the entry alone exceeds what the budget can free (counted as evicted).</param>
/// <param name="Sequence">The entry's place in the outbox (its file name); -1 when not stored.</param>
/// <param name="Evicted">Older entries deleted to make room for this one.</param>
public readonly record struct OutboxAppendResult(bool Stored, long Sequence, int Evicted);

/// <summary>A consistent snapshot of the outbox's counters, for telemetry and the status command.</summary>
public sealed record OutboxStatistics
{
    /// <summary>Entries on disk: waiting, plus handed to the MQTT client and not yet acknowledged.</summary>
    public int Depth { get; init; }

    /// <summary>Entries handed to the MQTT client, awaiting their PUBACKs.</summary>
    public int Handed { get; init; }

    public long Bytes { get; init; }
    public long MaxBytes { get; init; }

    /// <summary>Entries found on disk at start (left by the previous run) and queued again.</summary>
    public long Recovered { get; init; }

    public long Appended { get; init; }

    /// <summary>Entries whose every message the broker acknowledged; their files are gone.</summary>
    public long Acknowledged { get; init; }

    /// <summary>Entries deleted unsent to stay within <see cref="MaxBytes"/> (oldest first), since start.</summary>
    public long Evicted { get; init; }

    /// <summary>Entries the broker refused (PUBACK reason 0x80 or above, e.g. 0x87 not authorized); deleted, since retrying cannot help.</summary>
    public long Rejected { get; init; }

    /// <summary>Entry files that could not be read back as entries; deleted.</summary>
    public long Damaged { get; init; }
}
