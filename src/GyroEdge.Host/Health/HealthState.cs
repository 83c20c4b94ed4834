namespace GyroEdge.Host.Health;

/// <summary>How well one part of the daemon is doing; the worst part decides the whole.</summary>
public enum HealthLevel
{
    Healthy = 0,

    /// <summary>Still delivering, but worse than configured (gyro degraded, engine on a fallback provider).</summary>
    Degraded = 1,

    /// <summary>Not delivering what it is for (recording stopped on a full disk, camera gone).</summary>
    Failed = 2,
}

/// <summary>One part's condition: <paramref name="Reason"/> says what is wrong and what to do; null when healthy.</summary>
public sealed record HealthCondition(string Component, HealthLevel Level, string? Reason);

/// <summary>The daemon's health at one moment, as /healthz and systemd's STATUS= show it.</summary>
public sealed record HealthSnapshot(HealthLevel Level, IReadOnlyList<HealthCondition> Conditions)
{
    public bool IsHealthy => Level == HealthLevel.Healthy;

    /// <summary>One line for STATUS=: "healthy", or the level and every reason.</summary>
    public string Summary => IsHealthy
        ? "healthy"
        : $"{Level.ToString().ToLowerInvariant()}: {string.Join("; ", Conditions.Where(c => c.Level != HealthLevel.Healthy).Select(c => $"{c.Component}: {c.Reason}"))}";
}

/// <summary>
/// Where the pipeline's stages report their condition (e.g. <c>Report("gyro", Degraded, "...")</c>)
/// and the health endpoint reads it. Stages report on change, not per frame, so a lock is cheap
/// enough; readers get an immutable snapshot.
/// </summary>
public sealed class HealthState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HealthCondition> _conditions = new(StringComparer.Ordinal);

    public void Report(string component, HealthLevel level, string? reason = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        if (level != HealthLevel.Healthy && string.IsNullOrWhiteSpace(reason))
            throw new ArgumentException($"A {level} condition of '{component}' needs a reason the operator can act on.", nameof(reason));
        lock (_gate)
            _conditions[component] = new HealthCondition(component, level, level == HealthLevel.Healthy ? null : reason);
    }

    /// <summary>Maps the recorder's status: a stopped recorder (full disk, budget) is a failure of record mode.</summary>
    public void ReportRecorder(Recording.RecorderStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        Report("recorder", status.State == Recording.RecorderState.Recording ? HealthLevel.Healthy : HealthLevel.Failed,
            status.Reason ?? "recording stopped.");
    }

    public HealthSnapshot Snapshot()
    {
        lock (_gate)
        {
            var conditions = _conditions.Values.OrderBy(c => c.Component, StringComparer.Ordinal).ToArray();
            var level = conditions.Length == 0 ? HealthLevel.Healthy : conditions.Max(c => c.Level);
            return new HealthSnapshot(level, conditions);
        }
    }
}
