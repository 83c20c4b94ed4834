namespace GyroEdge.Messaging.Mosquitto;

/// <summary>libmosquitto's log levels (MOSQ_LOG_* in mosquitto.h).</summary>
[Flags]
public enum MqttLogLevel
{
    None = 0,
    Info = 1 << 0,
    Notice = 1 << 1,
    Warning = 1 << 2,
    Error = 1 << 3,
    Debug = 1 << 4,
    Subscribe = 1 << 5,
    Unsubscribe = 1 << 6,
    WebSockets = 1 << 7,
}
