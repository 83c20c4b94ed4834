namespace GyroEdge.Messaging.Mosquitto;

/// <summary>
/// A client option is invalid. Thrown before any native call, so a bad configuration fails at start
/// instead of as an obscure MOSQ_ERR_INVAL later; <see cref="PropertyName"/> is the option's path,
/// e.g. "MqttClientOptions.Tls.CaFile".
/// </summary>
public sealed class MqttOptionsException : Exception
{
    public MqttOptionsException(string propertyName, string message)
        : base(message)
    {
        PropertyName = propertyName;
    }

    public string PropertyName { get; }
}
