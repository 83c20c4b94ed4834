namespace GyroEdge.Messaging.Mosquitto;

/// <summary>
/// The oldest TLS version the client accepts. libmosquitto 2.0.11 turns "tlsv1.2" into
/// SSL_OP_NO_TLSv1_1 and below (lib/net_mosq.c), so TLS 1.3 stays allowed with <see cref="Tls12"/>.
/// </summary>
public enum MqttTlsVersion
{
    /// <summary>TLS 1.2 or newer (libmosquitto's default).</summary>
    Tls12,

    /// <summary>TLS 1.3 only.</summary>
    Tls13,
}
