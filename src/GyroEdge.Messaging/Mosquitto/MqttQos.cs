namespace GyroEdge.Messaging.Mosquitto;

/// <summary>MQTT quality of service; the values are the protocol's.</summary>
public enum MqttQos
{
    /// <summary>QoS 0: sent once, never acknowledged; dropped while disconnected.</summary>
    AtMostOnce = 0,

    /// <summary>QoS 1: acknowledged by PUBACK; resent after a reconnect, so it may arrive twice.</summary>
    AtLeastOnce = 1,

    /// <summary>QoS 2: delivered once through PUBREC/PUBREL/PUBCOMP.</summary>
    ExactlyOnce = 2,
}
