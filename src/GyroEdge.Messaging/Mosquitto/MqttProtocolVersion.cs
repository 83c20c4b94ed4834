namespace GyroEdge.Messaging.Mosquitto;

/// <summary>The MQTT protocol level sent in CONNECT (MQTT_PROTOCOL_V311 / MQTT_PROTOCOL_V5 in mosquitto.h).</summary>
public enum MqttProtocolVersion
{
    /// <summary>MQTT 3.1.1: no properties, no shared-subscription guarantees; for old brokers only.</summary>
    V311 = 4,

    /// <summary>MQTT 5: properties (content type, user properties, correlation data) and reason codes.</summary>
    V5 = 5,
}
