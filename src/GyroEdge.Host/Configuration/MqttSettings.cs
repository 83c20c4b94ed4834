namespace GyroEdge.Host.Configuration;

/// <summary><c>Mqtt</c>: the broker, TLS identity, and the outbox that holds frames through outages.</summary>
public sealed class MqttSettings
{
    /// <summary>mqtt://host[:port] or mqtts://host[:port] (TLS, needs Tls:CaFile).</summary>
    public string Broker { get; set; } = "mqtt://localhost:1883";

    /// <summary>The topic level and client id; absent: Device:Id.</summary>
    public string? DeviceId { get; set; }

    public TlsSettings? Tls { get; set; }

    /// <summary>Frames wait here (written atomically) until the broker acknowledges them.</summary>
    public string OutboxDirectory { get; set; } = "/var/lib/gyroedge/outbox";

    /// <summary>The outbox's byte budget; past it the oldest waiting frames are evicted and counted.</summary>
    public long OutboxMaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>JPEG quality of published frames, 10 to 100.</summary>
    public int JpegQuality { get; set; } = 90;

    /// <summary>Seconds between telemetry documents; 0 for none.</summary>
    public double TelemetrySeconds { get; set; } = 10;

    public int KeepAliveSeconds { get; set; } = 60;
}

/// <summary>TLS with a per-device client certificate (firmware-config/mosquitto).</summary>
public sealed class TlsSettings
{
    public string? CaFile { get; set; }

    public string? CertificateFile { get; set; }

    public string? KeyFile { get; set; }
}
