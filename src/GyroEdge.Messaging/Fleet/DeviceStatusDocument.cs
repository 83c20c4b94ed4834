using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GyroEdge.Messaging.Fleet;

/// <summary>
/// The JSON of the retained <c>status</c> topic. Online (the birth, published on every connect):
/// <c>{"device","state":"online","software","models":{},"calibration":{},"timestamp"}</c>.
/// Offline: <c>{"device","state":"offline","reason"}</c>, as the will ("connection lost", no time:
/// it is registered at connect) or on an orderly shutdown ("shutdown", with the time).
/// </summary>
public static class DeviceStatusDocument
{
    public const string Online = "online";
    public const string Offline = "offline";

    public static byte[] Birth(string deviceId, DeviceDescription description, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(description);
        var models = new JsonObject();
        foreach (var (role, version) in description.ModelVersions)
            models[role] = version;
        var document = new JsonObject
        {
            ["device"] = deviceId,
            ["state"] = Online,
            ["software"] = description.SoftwareVersion,
            ["models"] = models,
            ["calibration"] = description.Calibration?.DeepClone() ?? new JsonObject(),
            ["timestamp"] = Timestamp(now),
        };
        return JsonSerializer.SerializeToUtf8Bytes(document);
    }

    public static byte[] Will(string deviceId) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["device"] = deviceId, ["state"] = Offline, ["reason"] = "connection lost" });

    public static byte[] Shutdown(string deviceId, DateTimeOffset now) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["device"] = deviceId, ["state"] = Offline, ["reason"] = "shutdown", ["timestamp"] = Timestamp(now) });

    /// <summary>The "state" of a status payload, or null when it is not a status document.</summary>
    public static string? ReadState(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("state", out var state)
                && state.ValueKind == JsonValueKind.String
                ? state.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string Timestamp(DateTimeOffset now) => now.UtcDateTime.ToString(FrameMetadataFields.WallTimeFormat, CultureInfo.InvariantCulture);
}
