namespace GyroEdge.Host.Configuration;

/// <summary><c>Health</c>: where /healthz and /metrics listen.</summary>
public sealed class HealthSettings
{
    /// <summary>address:port; loopback by default because the endpoint has no authentication. Port 0 picks a free one.</summary>
    public string Listen { get; set; } = "127.0.0.1:9464";

    /// <summary>Whether a degraded daemon answers 503 on /healthz.</summary>
    public bool DegradedIsUnhealthy { get; set; } = true;
}
