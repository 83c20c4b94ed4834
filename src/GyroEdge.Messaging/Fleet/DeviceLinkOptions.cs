using System.Text.Json.Nodes;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Outbox;

namespace GyroEdge.Messaging.Fleet;

/// <summary>Everything a <see cref="DeviceLink"/> needs: who the device is, where the broker is, where the outbox lives.</summary>
public sealed class DeviceLinkOptions
{
    /// <summary>The device id: one topic level, and the CN of the device's certificate in production.</summary>
    public string DeviceId { get; set; } = "";

    /// <summary>
    /// The broker connection. The link overrides what the topic scheme fixes: MQTT 5, a clean start,
    /// the will (status offline), and the client id when empty (the device id).
    /// </summary>
    public MqttClientOptions Mqtt { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>Publish frame/meta (JSON) beside each frame, for MQTT 3.1.1 consumers.</summary>
    public bool PublishFrameMeta { get; set; } = true;

    /// <summary>What the retained status says about the device.</summary>
    public DeviceDescription Description { get; set; } = new("0.0.0", new Dictionary<string, string>());

    /// <summary>Time between telemetry documents; null for none.</summary>
    public TimeSpan? TelemetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The host's own metrics, merged into each telemetry document and the status command's answer under "pipeline".</summary>
    public Func<JsonObject>? PipelineMetrics { get; set; }

    internal void Validate()
    {
        DeviceTopics.ValidateDeviceId(DeviceId);
        ArgumentNullException.ThrowIfNull(Mqtt, nameof(Mqtt));
        ArgumentNullException.ThrowIfNull(Outbox, nameof(Outbox));
        ArgumentNullException.ThrowIfNull(Description, nameof(Description));
        Outbox.Validate();
    }
}
