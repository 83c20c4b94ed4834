namespace GyroEdge.Messaging.Mosquitto;

/// <summary>
/// A connection attempt failed: the broker could not be reached, refused the CONNECT (then
/// <see cref="MqttException.ReasonCode"/> is the CONNACK code), the TLS handshake failed, or no
/// CONNACK came in time. libmosquitto keeps retrying in the background after every cause except TLS.
/// </summary>
public sealed class MqttConnectException : MqttException
{
    public MqttConnectException(string host, int port, MosquittoErrorCode errorCode, string operation, string message, int errno = 0, int? reasonCode = null)
        : base(errorCode, operation, message, errno, reasonCode)
    {
        Host = host;
        Port = port;
    }

    public string Host { get; }
    public int Port { get; }
}
