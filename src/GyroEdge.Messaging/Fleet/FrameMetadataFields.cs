using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GyroEdge.Messaging.Fleet;

/// <summary>
/// The one definition of a frame's metadata fields: their names, order and text form. The same
/// walk writes the MQTT 5 user properties of <c>frame</c> and the JSON of <c>frame/meta</c>, and
/// <see cref="Parse"/> reads either back, so the two can never drift apart.
/// </summary>
public static class FrameMetadataFields
{
    public const string Device = "device";
    public const string Uid = "uid";
    public const string FrameId = "frame_id";
    public const string ExposureStartNs = "exposure_start_ns";
    public const string ExposureEndNs = "exposure_end_ns";
    public const string WallTime = "wall_time";
    public const string Model = "model";
    public const string ModelVersion = "model_version";
    public const string Provider = "provider";
    public const string Kind = "kind";
    public const string GyroQuality = "gyro_quality";
    public const string Width = "width";
    public const string Height = "height";
    public const string JpegQuality = "jpeg_quality";
    public const string Snapshot = "snapshot";

    /// <summary>Stage latencies are "latency_{stage}_ms", one field per stage.</summary>
    public const string LatencyPrefix = "latency_";
    public const string LatencySuffix = "_ms";

    /// <summary>UTC with milliseconds, e.g. 2026-01-27T10:11:12.345Z.</summary>
    public const string WallTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly string[] GyroQualities = ["good", "degraded", "none"];

    /// <summary>Receives the fields in order. Implemented by struct sinks so the walk never boxes.</summary>
    public interface ISink
    {
        void Text(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value);
        void WholeNumber(ReadOnlySpan<byte> name, long value);
        void Number(ReadOnlySpan<byte> name, double value);
        void Flag(ReadOnlySpan<byte> name, bool value);
    }

    /// <summary>Walks the fields of <paramref name="metadata"/> into <paramref name="sink"/>; <paramref name="uid"/> replaces an empty <see cref="FrameMetadata.Uid"/>.</summary>
    public static void Write<TSink>(FrameMetadata metadata, ReadOnlySpan<byte> uid, ref TSink sink)
        where TSink : struct, ISink
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Span<byte> text = stackalloc byte[256];
        sink.Text("device"u8, Utf8(metadata.DeviceId, text));
        sink.Text("uid"u8, metadata.Uid.Length > 0 ? Utf8(metadata.Uid, text) : uid);
        sink.WholeNumber("frame_id"u8, metadata.FrameId);
        sink.WholeNumber("exposure_start_ns"u8, metadata.ExposureStartNs);
        sink.WholeNumber("exposure_end_ns"u8, metadata.ExposureEndNs);
        if (!metadata.WallClock.UtcDateTime.TryFormat(text, out var written, WallTimeFormat, CultureInfo.InvariantCulture))
            throw new InvalidOperationException("A wall-clock time did not fit 256 bytes.");
        sink.Text("wall_time"u8, text[..written]);
        sink.Text("model"u8, Utf8(metadata.ModelName, text));
        sink.Text("model_version"u8, Utf8(metadata.ModelVersion, text));
        sink.Text("provider"u8, Utf8(metadata.Provider, text));
        sink.Text("kind"u8, metadata.Kind == FrameKind.Blind ? "blind"u8 : "gyro"u8);
        sink.Text("gyro_quality"u8, Utf8(metadata.GyroQuality, text));
        sink.WholeNumber("width"u8, metadata.Width);
        sink.WholeNumber("height"u8, metadata.Height);
        sink.WholeNumber("jpeg_quality"u8, metadata.JpegQuality);
        sink.Flag("snapshot"u8, metadata.IsSnapshot);
        Span<byte> name = stackalloc byte[LatencyPrefix.Length + 64 + LatencySuffix.Length];
        if (metadata.StageLatenciesMs is Dictionary<string, double> concrete)
        {
            // The concrete type's struct enumerator: no allocation per frame.
            foreach (var (stage, ms) in concrete)
                sink.Number(LatencyName(stage, name), ms);
        }
        else
        {
            foreach (var (stage, ms) in metadata.StageLatenciesMs)
                sink.Number(LatencyName(stage, name), ms);
        }
    }

    /// <summary>Checks what the wire format cannot carry, so a bad frame fails where it is made.</summary>
    public static void Validate(FrameMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        DeviceTopics.ValidateDeviceId(metadata.DeviceId);
        if (metadata.Uid.Length > 128)
            throw new ArgumentException($"FrameMetadata.Uid is {metadata.Uid.Length} characters; keep it to 128 or leave it empty for the publisher to assign.", nameof(metadata));
        if (Array.IndexOf(GyroQualities, metadata.GyroQuality) < 0)
            throw new ArgumentException($"FrameMetadata.GyroQuality is \"{metadata.GyroQuality}\"; expected one of {string.Join(", ", GyroQualities)}.", nameof(metadata));
        foreach (var text in (ReadOnlySpan<string>)[metadata.ModelName, metadata.ModelVersion, metadata.Provider])
        {
            if (text is null || Encoding.UTF8.GetByteCount(text) > 200 || text.Contains('\0', StringComparison.Ordinal))
                throw new ArgumentException($"FrameMetadata: model name, model version and provider are at most 200 UTF-8 bytes without NUL; got \"{text}\".", nameof(metadata));
        }
        if (metadata.StageLatenciesMs is Dictionary<string, double> concrete)
        {
            foreach (var (stage, ms) in concrete)
                ValidateLatency(stage, ms);
        }
        else
        {
            foreach (var (stage, ms) in metadata.StageLatenciesMs)
                ValidateLatency(stage, ms);
        }
    }

    private static void ValidateLatency(string stage, double ms)
    {
        if (!IsStageName(stage))
            throw new ArgumentException($"FrameMetadata.StageLatenciesMs has stage \"{stage}\"; stage names are 1 to 64 lower-case letters, digits or '_', e.g. \"infer\".", nameof(stage));
        if (!double.IsFinite(ms))
            throw new ArgumentException($"FrameMetadata.StageLatenciesMs[\"{stage}\"] is {ms}; a latency is a finite number of milliseconds.", nameof(stage));
    }

    /// <summary>
    /// Reads metadata back from name/value text pairs: the user properties of a <c>frame</c> message,
    /// or the members of a <c>frame/meta</c> JSON object (see <see cref="FromJson"/>). Unknown names
    /// are ignored, so newer devices can add fields.
    /// </summary>
    /// <exception cref="InvalidDataException">A required field is missing or malformed.</exception>
    public static FrameMetadata Parse(IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var latencies = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            if (name.StartsWith(LatencyPrefix, StringComparison.Ordinal) && name.EndsWith(LatencySuffix, StringComparison.Ordinal)
                && name.Length > LatencyPrefix.Length + LatencySuffix.Length)
            {
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
                    latencies[name[LatencyPrefix.Length..^LatencySuffix.Length]] = ms;
                continue;
            }
            values[name] = value;
        }
        string Required(string name) =>
            values.TryGetValue(name, out var value) && value.Length > 0
                ? value
                : throw new InvalidDataException($"The frame metadata has no \"{name}\"; expected every field of the gyroedge/v1 schema (see the Messaging README).");
        long Integer(string name, bool required = true)
        {
            if (!values.TryGetValue(name, out var text))
                return required ? throw new InvalidDataException($"The frame metadata has no \"{name}\"; expected an integer.") : 0;
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidDataException($"The frame metadata's \"{name}\" is \"{text}\"; expected an integer.");
        }
        var wallText = Required(WallTime);
        if (!DateTimeOffset.TryParseExact(wallText, WallTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var wall))
            throw new InvalidDataException($"The frame metadata's \"{WallTime}\" is \"{wallText}\"; expected UTC like 2026-01-27T10:11:12.345Z.");
        return new FrameMetadata
        {
            DeviceId = Required(Device),
            Uid = Required(Uid),
            FrameId = Integer(FrameId),
            ExposureStartNs = Integer(ExposureStartNs),
            ExposureEndNs = Integer(ExposureEndNs),
            WallClock = wall,
            ModelName = values.GetValueOrDefault(Model, ""),
            ModelVersion = values.GetValueOrDefault(ModelVersion, ""),
            Provider = values.GetValueOrDefault(Provider, ""),
            Kind = values.GetValueOrDefault(Kind) == "blind" ? FrameKind.Blind : FrameKind.Gyro,
            GyroQuality = values.GetValueOrDefault(GyroQuality, "none"),
            Width = (int)Integer(Width, required: false),
            Height = (int)Integer(Height, required: false),
            JpegQuality = (int)Integer(JpegQuality, required: false),
            IsSnapshot = values.GetValueOrDefault(Snapshot) == "true",
            StageLatenciesMs = latencies,
        };
    }

    /// <summary>Reads the JSON of a <c>frame/meta</c> message.</summary>
    /// <exception cref="InvalidDataException">Not a JSON object, or a required field is missing.</exception>
    public static FrameMetadata FromJson(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException("The frame metadata is not a JSON object.");
            var fields = new List<KeyValuePair<string, string>>();
            foreach (var member in document.RootElement.EnumerateObject())
            {
                var text = member.Value.ValueKind switch
                {
                    JsonValueKind.String => member.Value.GetString() ?? "",
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => member.Value.GetRawText(),
                };
                fields.Add(new(member.Name, text));
            }
            return Parse(fields);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The frame metadata is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Writes the fields as one flat JSON object (the <c>frame/meta</c> payload).</summary>
    public static void WriteJson(FrameMetadata metadata, ReadOnlySpan<byte> uid, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        var sink = new JsonSink(writer);
        Write(metadata, uid, ref sink);
        writer.WriteEndObject();
        writer.Flush();
    }

    private static bool IsStageName(string stage)
    {
        if (stage.Length is 0 or > 64)
            return false;
        foreach (var c in stage)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
                return false;
        }
        return true;
    }

    private static ReadOnlySpan<byte> LatencyName(string stage, Span<byte> buffer)
    {
        "latency_"u8.CopyTo(buffer);
        var length = LatencyPrefix.Length + Encoding.UTF8.GetBytes(stage, buffer[LatencyPrefix.Length..]);
        "_ms"u8.CopyTo(buffer[length..]);
        return buffer[..(length + LatencySuffix.Length)];
    }

    private static ReadOnlySpan<byte> Utf8(string value, Span<byte> buffer) => buffer[..Encoding.UTF8.GetBytes(value, buffer)];

    private readonly struct JsonSink(Utf8JsonWriter writer) : ISink
    {
        public void Text(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => writer.WriteString(name, value);
        public void WholeNumber(ReadOnlySpan<byte> name, long value) => writer.WriteNumber(name, value);

        // Three decimals: microseconds are noise for a per-frame latency, and the text stays short.
        public void Number(ReadOnlySpan<byte> name, double value) => writer.WriteNumber(name, Math.Round(value, 3));

        public void Flag(ReadOnlySpan<byte> name, bool value) => writer.WriteBoolean(name, value);
    }
}
