using System.Net;

namespace GyroEdge.Host.Health;

/// <summary>Where /healthz and /metrics listen.</summary>
public sealed class HealthEndpointOptions
{
    /// <summary>Loopback by default: the endpoint has no authentication, so exposing it is a deliberate choice.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (tests), read back from <see cref="HealthEndpoint.BaseAddress"/>.</summary>
    public int Port { get; set; } = 9464;

    /// <summary>Whether a degraded daemon answers 503 (true: a watchdog or balancer notices it) or 200.</summary>
    public bool DegradedIsUnhealthy { get; set; } = true;

    public void Validate()
    {
        if (!IPAddress.TryParse(Address, out _))
            throw new ArgumentException($"Health endpoint address '{Address}' is not an IP address; use 127.0.0.1 (local only) or 0.0.0.0 (all interfaces).", nameof(Address));
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"Health endpoint port {Port} is outside 0..65535.", nameof(Port));
    }
}
