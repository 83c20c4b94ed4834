namespace GyroEdge.Messaging.Mosquitto;

/// <summary>
/// A message the broker delivered. Everything here was copied out of libmosquitto's buffers before
/// its on_message callback returned, so it stays valid as long as the caller keeps it.
/// </summary>
public sealed class MqttReceivedMessage
{
    public MqttReceivedMessage(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain, int messageId, MqttPublishProperties properties)
    {
        Topic = topic;
        Payload = payload;
        Qos = qos;
        Retain = retain;
        MessageId = messageId;
        Properties = properties;
    }

    public string Topic { get; }
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The QoS of this delivery: the lower of the publisher's and the subscription's.</summary>
    public MqttQos Qos { get; }

    /// <summary>True when the broker sent a stored retained message (delivered at subscribe time).</summary>
    public bool Retain { get; }

    /// <summary>The packet id on this connection (0 for QoS 0).</summary>
    public int MessageId { get; }

    /// <summary>The MQTT 5 properties; all empty when the publisher sent none or the client speaks 3.1.1.</summary>
    public MqttPublishProperties Properties { get; }
}
