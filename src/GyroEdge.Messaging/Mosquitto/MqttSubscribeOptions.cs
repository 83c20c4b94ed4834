namespace GyroEdge.Messaging.Mosquitto;

/// <summary>When the broker sends retained messages for a new subscription (MQTT 5.0 section 3.8.3.1).</summary>
public enum MqttRetainHandling
{
    SendAtSubscribe = 0x00,          // MQTT_SUB_OPT_SEND_RETAIN_ALWAYS
    SendAtSubscribeIfNew = 0x10,     // MQTT_SUB_OPT_SEND_RETAIN_NEW
    DoNotSend = 0x20,                // MQTT_SUB_OPT_SEND_RETAIN_NEVER
}

/// <summary>MQTT 5 subscription options (mqtt5_sub_options in mqtt_protocol.h). Need <see cref="MqttProtocolVersion.V5"/>.</summary>
public sealed class MqttSubscribeOptions
{
    /// <summary>Do not deliver this client's own publications back to it. Not allowed on shared subscriptions.</summary>
    public bool NoLocal { get; init; }

    /// <summary>Keep the retain flag as the publisher set it on live deliveries.</summary>
    public bool RetainAsPublished { get; init; }

    public MqttRetainHandling RetainHandling { get; init; } = MqttRetainHandling.SendAtSubscribe;
}
