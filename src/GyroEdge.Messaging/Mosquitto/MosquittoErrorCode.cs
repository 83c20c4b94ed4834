namespace GyroEdge.Messaging.Mosquitto;

/// <summary>libmosquitto's <c>enum mosq_err_t</c> (mosquitto.h @v2.0.11); the C name is beside each member.</summary>
public enum MosquittoErrorCode
{
    Success = 0,                // MOSQ_ERR_SUCCESS
    NoMemory = 1,               // MOSQ_ERR_NOMEM
    Protocol = 2,               // MOSQ_ERR_PROTOCOL
    Invalid = 3,                // MOSQ_ERR_INVAL
    NoConnection = 4,           // MOSQ_ERR_NO_CONN
    ConnectionRefused = 5,      // MOSQ_ERR_CONN_REFUSED
    NotFound = 6,               // MOSQ_ERR_NOT_FOUND
    ConnectionLost = 7,         // MOSQ_ERR_CONN_LOST
    Tls = 8,                    // MOSQ_ERR_TLS
    PayloadSize = 9,            // MOSQ_ERR_PAYLOAD_SIZE
    NotSupported = 10,          // MOSQ_ERR_NOT_SUPPORTED
    Auth = 11,                  // MOSQ_ERR_AUTH
    AclDenied = 12,             // MOSQ_ERR_ACL_DENIED
    Unknown = 13,               // MOSQ_ERR_UNKNOWN
    Errno = 14,                 // MOSQ_ERR_ERRNO: a system call failed; MqttException.Errno says which errno
    AddressInfo = 15,           // MOSQ_ERR_EAI: getaddrinfo could not resolve the host
    Proxy = 16,                 // MOSQ_ERR_PROXY
    PluginDefer = 17,           // MOSQ_ERR_PLUGIN_DEFER
    MalformedUtf8 = 18,         // MOSQ_ERR_MALFORMED_UTF8
    KeepAlive = 19,             // MOSQ_ERR_KEEPALIVE
    Lookup = 20,                // MOSQ_ERR_LOOKUP
    MalformedPacket = 21,       // MOSQ_ERR_MALFORMED_PACKET
    DuplicateProperty = 22,     // MOSQ_ERR_DUPLICATE_PROPERTY
    TlsHandshake = 23,          // MOSQ_ERR_TLS_HANDSHAKE
    QosNotSupported = 24,       // MOSQ_ERR_QOS_NOT_SUPPORTED
    OversizePacket = 25,        // MOSQ_ERR_OVERSIZE_PACKET
    Ocsp = 26,                  // MOSQ_ERR_OCSP
    Timeout = 27,               // MOSQ_ERR_TIMEOUT
    RetainNotSupported = 28,    // MOSQ_ERR_RETAIN_NOT_SUPPORTED
    TopicAliasInvalid = 29,     // MOSQ_ERR_TOPIC_ALIAS_INVALID
    AdministrativeAction = 30,  // MOSQ_ERR_ADMINISTRATIVE_ACTION
    AlreadyExists = 31,         // MOSQ_ERR_ALREADY_EXISTS
}
