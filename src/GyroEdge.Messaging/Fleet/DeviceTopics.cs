namespace GyroEdge.Messaging.Fleet;

/// <summary>
/// The topic scheme of one device, under <c>gyroedge/v1/{device}/</c> (DESIGN.md "MQTT"). The
/// strings are built once, so publishing never formats a topic. The "v1" segment is the schema
/// version: a change that would break consumers gets a new root, never a silent change under v1.
/// </summary>
public sealed class DeviceTopics
{
    /// <summary>The root every GyroEdge topic lives under.</summary>
    public const string Root = "gyroedge/v1";

    /// <summary>The longest device id accepted, so that topics stay readable and fit broker limits.</summary>
    public const int MaxDeviceIdLength = 64;

    public DeviceTopics(string deviceId)
    {
        ValidateDeviceId(deviceId);
        DeviceId = deviceId;
        Device = $"{Root}/{deviceId}";
        Frame = Device + "/frame";
        FrameMeta = Device + "/frame/meta";
        Status = Device + "/status";
        Telemetry = Device + "/telemetry";
        CommandPrefix = Device + "/cmd/";
        Commands = CommandPrefix + "+";
    }

    public string DeviceId { get; }

    /// <summary>gyroedge/v1/{device}</summary>
    public string Device { get; }

    /// <summary>JPEG payload, content type image/jpeg, metadata as MQTT 5 user properties.</summary>
    public string Frame { get; }

    /// <summary>The same metadata as JSON, for MQTT 3.1.1 consumers.</summary>
    public string FrameMeta { get; }

    /// <summary>Retained online/offline status; the will sets it offline.</summary>
    public string Status { get; }

    /// <summary>Periodic metrics as JSON.</summary>
    public string Telemetry { get; }

    /// <summary>The filter a device subscribes to for its commands: gyroedge/v1/{device}/cmd/+.</summary>
    public string Commands { get; }

    /// <summary>gyroedge/v1/{device}/cmd/</summary>
    public string CommandPrefix { get; }

    /// <summary>gyroedge/v1/{device}/cmd/{name}</summary>
    public string Command(string name) => CommandPrefix + name;

    /// <summary>gyroedge/v1/{device}/cmd/{name}/result: where a result goes when the request names no response topic.</summary>
    public string CommandResult(string name) => CommandPrefix + name + "/result";

    /// <summary>Fleet-wide filters for a consumer: every device's frames, metadata, status and telemetry.</summary>
    public static class Fleet
    {
        public const string Frames = Root + "/+/frame";
        public const string FrameMeta = Root + "/+/frame/meta";
        public const string Status = Root + "/+/status";
        public const string Telemetry = Root + "/+/telemetry";
    }

    /// <summary>
    /// Splits a GyroEdge topic into its device id and what follows it ("frame", "frame/meta",
    /// "status", "telemetry", "cmd/snapshot"...). False for a topic outside the scheme.
    /// </summary>
    public static bool TryParse(string topic, out string deviceId, out string kind)
    {
        ArgumentNullException.ThrowIfNull(topic);
        deviceId = "";
        kind = "";
        const string prefix = Root + "/";
        if (!topic.StartsWith(prefix, StringComparison.Ordinal))
            return false;
        var rest = topic.AsSpan(prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
            return false;
        deviceId = rest[..slash].ToString();
        kind = rest[(slash + 1)..].ToString();
        return true;
    }

    /// <summary>Throws when <paramref name="deviceId"/> cannot be one topic level (and a certificate common name).</summary>
    public static void ValidateDeviceId(string deviceId)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        var valid = deviceId.Length is > 0 and <= MaxDeviceIdLength;
        foreach (var c in deviceId)
            valid &= char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
        if (!valid)
        {
            throw new ArgumentException(
                $"Device id \"{deviceId}\" cannot name a device: it becomes one MQTT topic level and the CN of the device's certificate, "
                + $"so it must be 1 to {MaxDeviceIdLength} ASCII letters, digits, '-', '_' or '.', e.g. \"cam-01\".",
                nameof(deviceId));
        }
    }
}
