namespace GyroEdge.Messaging.Mosquitto;

/// <summary>
/// The last will: a message the broker publishes on the client's behalf when the connection ends
/// without a DISCONNECT (power loss, crash, network cut). GyroEdge uses it for status = offline.
/// </summary>
public sealed class MqttWillOptions
{
    // MQTT_MAX_PAYLOAD in mqtt_protocol.h: the largest remaining length a packet can encode.
    internal const int MaxPayloadLength = 268_435_455;

    public string Topic { get; set; } = "";
    public ReadOnlyMemory<byte> Payload { get; set; }
    public MqttQos Qos { get; set; } = MqttQos.AtLeastOnce;
    public bool Retain { get; set; }

    /// <summary>MQTT 5 properties of the will message (content type, user properties, expiry...).</summary>
    public MqttPublishProperties? Properties { get; set; }

    /// <summary>MQTT 5 will delay: seconds the broker waits for a reconnect before publishing. Null: publish at once.</summary>
    public uint? DelaySeconds { get; set; }

    internal void Validate(string path, MqttProtocolVersion protocol)
    {
        if (string.IsNullOrEmpty(Topic) || Topic.AsSpan().IndexOfAny('+', '#', '\0') >= 0)
        {
            throw new MqttOptionsException(path + ".Topic",
                $"{path}.Topic is \"{Topic}\"; a will is published to one topic, so it must be non-empty without '+', '#' or NUL, e.g. \"gyroedge/v1/cam-01/status\".");
        }
        if (!Enum.IsDefined(Qos))
            throw new MqttOptionsException(path + ".Qos", $"{path}.Qos is {(int)Qos}; MQTT QoS is 0, 1 or 2.");
        if (Payload.Length > MaxPayloadLength)
            throw new MqttOptionsException(path + ".Payload", $"{path}.Payload is {Payload.Length} bytes; MQTT allows at most {MaxPayloadLength}.");
        if ((Properties is not null || DelaySeconds is not null) && protocol != MqttProtocolVersion.V5)
        {
            var property = Properties is not null ? path + ".Properties" : path + ".DelaySeconds";
            throw new MqttOptionsException(property,
                $"{property} is an MQTT 5 will property but ProtocolVersion is {protocol}; set MqttClientOptions.ProtocolVersion = V5 or drop it.");
        }
        Properties?.Validate(path + ".Properties");
    }
}
