namespace GyroEdge.Messaging.Mosquitto;

/// <summary>
/// An MQTT operation failed: libmosquitto returned an error code, or the broker refused a request
/// with an MQTT reason code. The message names the operation, the code and its text, and what to do.
/// </summary>
public class MqttException : IOException
{
    public MqttException(MosquittoErrorCode errorCode, string operation, string message, int errno = 0, int? reasonCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        Operation = operation;
        Errno = errno;
        ReasonCode = reasonCode;
    }

    /// <summary>libmosquitto's code (mosq_err_t). For a refusal by the broker it is the closest code, and <see cref="ReasonCode"/> holds the broker's.</summary>
    public MosquittoErrorCode ErrorCode { get; }

    /// <summary>The libmosquitto call (e.g. "mosquitto_publish_v5") or the packet (e.g. "SUBACK") that failed.</summary>
    public string Operation { get; }

    /// <summary>The errno behind <see cref="MosquittoErrorCode.Errno"/>; 0 otherwise.</summary>
    public int Errno { get; }

    /// <summary>The MQTT reason code the broker answered with (CONNACK, SUBACK), when the broker refused.</summary>
    public int? ReasonCode { get; }
}
