namespace GyroEdge.Host.Configuration;

/// <summary><c>Device</c>: who this device is and how long it may take to stop.</summary>
public sealed class DeviceSettings
{
    /// <summary>
    /// The device id: its MQTT topic level (<c>gyroedge/v1/{id}/</c>) and the CN of its client
    /// certificate. Letters, digits, '-', '_' and '.', at most 64 characters.
    /// </summary>
    public string Id { get; set; } = "";

    /// <summary>The board, free text for status and recordings (e.g. "jetson-orin-nano-devkit").</summary>
    public string Board { get; set; } = "";

    /// <summary>
    /// How long SIGTERM may take: stages drain in order, the outbox is closed (what was not
    /// acknowledged stays on disk) and the recording is closed. Keep systemd's TimeoutStopSec above it.
    /// </summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
