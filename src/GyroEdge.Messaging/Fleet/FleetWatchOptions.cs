using GyroEdge.Messaging.Mosquitto;

namespace GyroEdge.Messaging.Fleet;

/// <summary>What a <see cref="FleetWatcher"/> connects to and where it saves what it receives.</summary>
public sealed class FleetWatchOptions
{
    /// <summary>The broker connection; the watcher speaks MQTT 5 (frame metadata are user properties).</summary>
    public MqttClientOptions Mqtt { get; set; } = new();

    /// <summary>
    /// Receive frames as a member of this MQTT 5 shared subscription group
    /// (<c>$share/{group}/gyroedge/v1/+/frame</c>): the broker gives each frame to one member, so
    /// several watchers split a fleet's load. Status and telemetry are always received by every member.
    /// </summary>
    public string? ShareGroup { get; set; }

    /// <summary>Where frames are saved, per device: {dir}/{device}/frames/NNNNNN.jpg and {dir}/{device}/meta.jsonl. Null: save nothing.</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>Frame uids remembered per device to recognise repeats (the outbox delivers at least once).</summary>
    public int RememberedUids { get; set; } = 65_536;

    /// <summary>The window over which frames per second are counted.</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Mqtt, nameof(Mqtt));
        if (ShareGroup is not null && (ShareGroup.Length == 0 || ShareGroup.AsSpan().IndexOfAny("/+#") >= 0))
            throw new ArgumentException($"Share group \"{ShareGroup}\" cannot name an MQTT shared subscription group: use letters, digits, '-' or '_', no '/', '+' or '#'.", nameof(ShareGroup));
        if (RememberedUids < 1)
            throw new ArgumentException($"RememberedUids is {RememberedUids}; remember at least one uid per device.", nameof(RememberedUids));
    }
}

/// <summary>One device as a fleet watcher sees it.</summary>
/// <param name="Status">online, offline or unknown (no status seen yet), from the retained status topic.</param>
/// <param name="FramesPerSecond">Distinct frames received per second over the rate window.</param>
/// <param name="LatencyMs">Reception time minus the frame's wall_time (publisher and consumer clocks must agree); null before the first frame.</param>
/// <param name="OutboxDepth">From the device's last telemetry; null when none was seen.</param>
/// <param name="OutboxEvicted">From the device's last telemetry; null when none was seen.</param>
public sealed record DeviceView(
    string DeviceId,
    string Status,
    double FramesPerSecond,
    double? LatencyMs,
    long Frames,
    long Duplicates,
    DateTimeOffset? LastFrameAt,
    long? OutboxDepth,
    long? OutboxEvicted);
