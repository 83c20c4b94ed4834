namespace GyroEdge.Messaging.Mosquitto;

/// <summary>One MQTT 5 user property. A message may carry the same name more than once; order is kept.</summary>
public readonly record struct MqttUserProperty(string Name, string Value);
