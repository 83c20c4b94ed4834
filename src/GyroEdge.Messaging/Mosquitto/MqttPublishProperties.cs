using System.Text;

namespace GyroEdge.Messaging.Mosquitto;

/// <summary>
/// The MQTT 5 PUBLISH properties GyroEdge uses (MQTT 5.0 section 3.3.2.3). The same type describes
/// what a publisher sends, what a will carries and what a subscriber received. Needs
/// <see cref="MqttProtocolVersion.V5"/>.
/// </summary>
public sealed class MqttPublishProperties
{
    // Binary Data and UTF-8 strings carry a two-byte length (MQTT 5.0 sections 1.5.4, 1.5.6).
    internal const int MaxBinaryLength = ushort.MaxValue;

    /// <summary>MIME type of the payload, e.g. "image/jpeg". Null: not sent.</summary>
    public string? ContentType { get; init; }

    /// <summary>Topic the receiver should answer on (request/response). Null: not sent.</summary>
    public string? ResponseTopic { get; init; }

    /// <summary>Opaque bytes that tie a response to its request. Empty: not sent.</summary>
    public ReadOnlyMemory<byte> CorrelationData { get; init; }

    /// <summary>Name/value pairs in order; names may repeat.</summary>
    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];

    /// <summary>Seconds after which the broker discards the message if undelivered. Null: never. A receiver sees the time left.</summary>
    public uint? MessageExpirySeconds { get; init; }

    /// <summary>Marks the payload as UTF-8 text (payload format indicator 1).</summary>
    public bool PayloadIsUtf8 { get; init; }

    /// <summary>Throws <see cref="MqttOptionsException"/> naming <paramref name="path"/> when a property cannot be encoded.</summary>
    internal void Validate(string path)
    {
        CheckString(ContentType, path + ".ContentType");
        CheckString(ResponseTopic, path + ".ResponseTopic");
        if (ResponseTopic is not null && (ResponseTopic.Length == 0 || ResponseTopic.AsSpan().IndexOfAny('+', '#') >= 0))
        {
            throw new MqttOptionsException(path + ".ResponseTopic",
                $"{path}.ResponseTopic is \"{ResponseTopic}\"; it must name one topic (not empty, no '+' or '#') that the responder can publish to.");
        }
        if (CorrelationData.Length > MaxBinaryLength)
        {
            throw new MqttOptionsException(path + ".CorrelationData",
                $"{path}.CorrelationData is {CorrelationData.Length} bytes; MQTT binary properties hold at most {MaxBinaryLength} bytes. Send a short request id instead.");
        }
        if (UserProperties is null)
            throw new MqttOptionsException(path + ".UserProperties", $"{path}.UserProperties is null; use an empty list for none.");
        for (var i = 0; i < UserProperties.Count; i++)
        {
            CheckString(UserProperties[i].Name, $"{path}.UserProperties[{i}].Name", required: true);
            CheckString(UserProperties[i].Value, $"{path}.UserProperties[{i}].Value", required: true);
        }
    }

    private static void CheckString(string? value, string path, bool required = false)
    {
        if (value is null)
        {
            if (required)
                throw new MqttOptionsException(path, $"{path} is null; MQTT strings may be empty but not missing.");
            return;
        }
        if (value.Contains('\0', StringComparison.Ordinal))
            throw new MqttOptionsException(path, $"{path} contains a NUL character, which MQTT strings may not carry (MQTT 5.0 section 1.5.4). Remove it.");
        if (Encoding.UTF8.GetByteCount(value) > MaxBinaryLength)
            throw new MqttOptionsException(path, $"{path} is longer than {MaxBinaryLength} UTF-8 bytes, the MQTT string limit. Shorten it.");
    }
}
