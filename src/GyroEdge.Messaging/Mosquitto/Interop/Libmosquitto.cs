using System.Runtime.InteropServices;
using GyroEdge.Native;

namespace GyroEdge.Messaging.Mosquitto.Interop;

/// <summary>
/// The libmosquitto 2.0.11 entry points GyroEdge calls, declared from include/mosquitto.h and
/// include/mqtt_protocol.h at tag v2.0.11. Each import keeps its C name as EntryPoint and its C
/// signature in the comment above it. C <c>bool</c> is one byte (MarshalAs U1). Every import that
/// returns a mosq_err_t sets SetLastError so that MOSQ_ERR_ERRNO can name the errno behind it.
/// </summary>
internal static unsafe partial class Libmosquitto
{
    internal const string LibraryName = "libmosquitto.so.1";

    internal static readonly NativeLibrarySpec Spec = new(
        "libmosquitto (libmosquitto.so.1)",
        [LibraryName],
        "sudo apt-get install libmosquitto1");

    // A .NET assembly has one DllImport resolver; libmosquitto is the only native library this
    // assembly imports, so the resolver is installed here, before the first call resolves.
    static Libmosquitto() => NativeLibraryLoader.Resolve(typeof(Libmosquitto).Assembly, (LibraryName, Spec));

    // enum mosq_opt_t (mosquitto.h)
    internal const int MOSQ_OPT_PROTOCOL_VERSION = 1;
    internal const int MOSQ_OPT_SEND_MAXIMUM = 5;

    // MQTT_PROTOCOL_V311 / MQTT_PROTOCOL_V5 (mosquitto.h)
    internal const int MQTT_PROTOCOL_V311 = 4;
    internal const int MQTT_PROTOCOL_V5 = 5;

    // MOSQ_LOG_* (mosquitto.h)
    internal const int MOSQ_LOG_ERR = 1 << 3;

    // enum mqtt5_property (mqtt_protocol.h)
    internal const int MQTT_PROP_PAYLOAD_FORMAT_INDICATOR = 1;
    internal const int MQTT_PROP_MESSAGE_EXPIRY_INTERVAL = 2;
    internal const int MQTT_PROP_CONTENT_TYPE = 3;
    internal const int MQTT_PROP_RESPONSE_TOPIC = 8;
    internal const int MQTT_PROP_CORRELATION_DATA = 9;
    internal const int MQTT_PROP_WILL_DELAY_INTERVAL = 24;
    internal const int MQTT_PROP_USER_PROPERTY = 38;

    // enum mqtt5_sub_options (mqtt_protocol.h)
    internal const int MQTT_SUB_OPT_NO_LOCAL = 0x04;
    internal const int MQTT_SUB_OPT_RETAIN_AS_PUBLISHED = 0x08;

    // SSL_VERIFY_PEER, the cert_reqs value mosquitto_tls_opts_set documents as the default.
    internal const int SSL_VERIFY_PEER = 1;

    // int mosquitto_lib_init(void);  -- not thread-safe; MosquittoRuntime calls it once.
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_lib_init", SetLastError = true)]
    internal static partial int LibInit();

    // int mosquitto_lib_version(int *major, int *minor, int *revision);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_lib_version")]
    internal static partial int LibVersion(out int major, out int minor, out int revision);

    // const char *mosquitto_strerror(int mosq_errno);  -- static string, never freed
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_strerror")]
    internal static partial nint StrError(int mosqErrno);

    // const char *mosquitto_connack_string(int connack_code);  -- MQTT 3.1.1 CONNACK codes
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_connack_string")]
    internal static partial nint ConnackString(int connackCode);

    // const char *mosquitto_reason_string(int reason_code);  -- MQTT 5 reason codes
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_reason_string")]
    internal static partial nint ReasonString(int reasonCode);

    // struct mosquitto *mosquitto_new(const char *id, bool clean_session, void *obj);
    // NULL with errno ENOMEM, or EINVAL when id is NULL and clean_session false.
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_new", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial MosquittoHandle New(string? id, [MarshalAs(UnmanagedType.U1)] bool cleanSession, nint obj);

    // void mosquitto_destroy(struct mosquitto *mosq);  -- only from MosquittoHandle.ReleaseHandle
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_destroy")]
    internal static partial void Destroy(nint mosq);

    // void *mosquitto_userdata(struct mosquitto *mosq);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_userdata")]
    internal static partial nint UserData(nint mosq);

    // int mosquitto_int_option(struct mosquitto *mosq, enum mosq_opt_t option, int value);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_int_option", SetLastError = true)]
    internal static partial int IntOption(MosquittoHandle mosq, int option, int value);

    // int mosquitto_reconnect_delay_set(struct mosquitto *mosq, unsigned int reconnect_delay,
    //     unsigned int reconnect_delay_max, bool reconnect_exponential_backoff);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_reconnect_delay_set", SetLastError = true)]
    internal static partial int ReconnectDelaySet(MosquittoHandle mosq, uint reconnectDelay, uint reconnectDelayMax, [MarshalAs(UnmanagedType.U1)] bool exponentialBackoff);

    // int mosquitto_will_set_v5(struct mosquitto *mosq, const char *topic, int payloadlen,
    //     const void *payload, int qos, bool retain, mosquitto_property *properties);
    // On success libmosquitto owns `properties`; on failure the caller still does.
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_will_set_v5", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int WillSetV5(MosquittoHandle mosq, string topic, int payloadLength, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain, MosquittoPropertyList properties);

    // int mosquitto_username_pw_set(struct mosquitto *mosq, const char *username, const char *password);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_username_pw_set", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int UsernamePwSet(MosquittoHandle mosq, string? username, string? password);

    // int mosquitto_tls_set(struct mosquitto *mosq, const char *cafile, const char *capath,
    //     const char *certfile, const char *keyfile,
    //     int (*pw_callback)(char *buf, int size, int rwflag, void *userdata));
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_tls_set", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int TlsSet(MosquittoHandle mosq, string? caFile, string? caPath, string? certFile, string? keyFile, delegate* unmanaged<byte*, int, int, nint, int> passwordCallback);

    // int mosquitto_tls_insecure_set(struct mosquitto *mosq, bool value);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_tls_insecure_set", SetLastError = true)]
    internal static partial int TlsInsecureSet(MosquittoHandle mosq, [MarshalAs(UnmanagedType.U1)] bool value);

    // int mosquitto_tls_opts_set(struct mosquitto *mosq, int cert_reqs, const char *tls_version, const char *ciphers);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_tls_opts_set", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int TlsOptsSet(MosquittoHandle mosq, int certReqs, string? tlsVersion, string? ciphers);

    // int mosquitto_connect_async(struct mosquitto *mosq, const char *host, int port, int keepalive);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_connect_async", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int ConnectNonBlocking(MosquittoHandle mosq, string host, int port, int keepalive);

    // int mosquitto_reconnect_async(struct mosquitto *mosq);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_reconnect_async", SetLastError = true)]
    internal static partial int ReconnectNonBlocking(MosquittoHandle mosq);

    // int mosquitto_disconnect(struct mosquitto *mosq);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_disconnect", SetLastError = true)]
    internal static partial int Disconnect(MosquittoHandle mosq);

    // int mosquitto_loop_start(struct mosquitto *mosq);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_loop_start", SetLastError = true)]
    internal static partial int LoopStart(MosquittoHandle mosq);

    // int mosquitto_loop_stop(struct mosquitto *mosq, bool force);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_loop_stop", SetLastError = true)]
    internal static partial int LoopStop(MosquittoHandle mosq, [MarshalAs(UnmanagedType.U1)] bool force);

    // int mosquitto_publish_v5(struct mosquitto *mosq, int *mid, const char *topic, int payloadlen,
    //     const void *payload, int qos, bool retain, const mosquitto_property *properties);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_publish_v5", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int PublishV5(MosquittoHandle mosq, out int mid, string topic, int payloadLength, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain, MosquittoPropertyList properties);

    // int mosquitto_subscribe_v5(struct mosquitto *mosq, int *mid, const char *sub, int qos,
    //     int options, const mosquitto_property *properties);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_subscribe_v5", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int SubscribeV5(MosquittoHandle mosq, out int mid, string sub, int qos, int options, MosquittoPropertyList properties);

    // int mosquitto_unsubscribe_v5(struct mosquitto *mosq, int *mid, const char *sub, const mosquitto_property *properties);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_unsubscribe_v5", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int UnsubscribeV5(MosquittoHandle mosq, out int mid, string sub, MosquittoPropertyList properties);

    // void mosquitto_connect_v5_callback_set(struct mosquitto *mosq,
    //     void (*on_connect)(struct mosquitto *, void *obj, int rc, int flags, const mosquitto_property *props));
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_connect_v5_callback_set")]
    internal static partial void ConnectV5CallbackSet(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, int, nint, void> onConnect);

    // void mosquitto_disconnect_v5_callback_set(struct mosquitto *mosq,
    //     void (*on_disconnect)(struct mosquitto *, void *obj, int rc, const mosquitto_property *props));
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_disconnect_v5_callback_set")]
    internal static partial void DisconnectV5CallbackSet(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, nint, void> onDisconnect);

    // void mosquitto_publish_v5_callback_set(struct mosquitto *mosq,
    //     void (*on_publish)(struct mosquitto *, void *obj, int mid, int reason_code, const mosquitto_property *props));
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_publish_v5_callback_set")]
    internal static partial void PublishV5CallbackSet(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, int, nint, void> onPublish);

    // void mosquitto_message_v5_callback_set(struct mosquitto *mosq,
    //     void (*on_message)(struct mosquitto *, void *obj, const struct mosquitto_message *, const mosquitto_property *props));
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_message_v5_callback_set")]
    internal static partial void MessageV5CallbackSet(MosquittoHandle mosq, delegate* unmanaged<nint, nint, MosquittoMessage*, nint, void> onMessage);

    // void mosquitto_subscribe_v5_callback_set(struct mosquitto *mosq,
    //     void (*on_subscribe)(struct mosquitto *, void *obj, int mid, int qos_count, const int *granted_qos, const mosquitto_property *props));
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_subscribe_v5_callback_set")]
    internal static partial void SubscribeV5CallbackSet(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, int, int*, nint, void> onSubscribe);

    // void mosquitto_unsubscribe_v5_callback_set(struct mosquitto *mosq,
    //     void (*on_unsubscribe)(struct mosquitto *, void *obj, int mid, const mosquitto_property *props));
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_unsubscribe_v5_callback_set")]
    internal static partial void UnsubscribeV5CallbackSet(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, nint, void> onUnsubscribe);

    // void mosquitto_log_callback_set(struct mosquitto *mosq,
    //     void (*on_log)(struct mosquitto *, void *obj, int level, const char *str));
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_log_callback_set")]
    internal static partial void LogCallbackSet(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, byte*, void> onLog);

    // int mosquitto_property_add_byte(mosquitto_property **proplist, int identifier, uint8_t value);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_property_add_byte", SetLastError = true)]
    internal static partial int PropertyAddByte(ref nint proplist, int identifier, byte value);

    // int mosquitto_property_add_int32(mosquitto_property **proplist, int identifier, uint32_t value);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_property_add_int32", SetLastError = true)]
    internal static partial int PropertyAddInt32(ref nint proplist, int identifier, uint value);

    // int mosquitto_property_add_binary(mosquitto_property **proplist, int identifier, const void *value, uint16_t len);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_property_add_binary", SetLastError = true)]
    internal static partial int PropertyAddBinary(ref nint proplist, int identifier, byte* value, ushort length);

    // int mosquitto_property_add_string(mosquitto_property **proplist, int identifier, const char *value);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_property_add_string", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int PropertyAddString(ref nint proplist, int identifier, string value);

    // int mosquitto_property_add_string_pair(mosquitto_property **proplist, int identifier, const char *name, const char *value);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_property_add_string_pair", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int PropertyAddStringPair(ref nint proplist, int identifier, string name, string value);

    // The same two functions taking NUL-terminated UTF-8 the caller already holds, so a publisher
    // that keeps its properties as UTF-8 bytes (the outbox) builds the list without managed strings.
    // int mosquitto_property_add_string(mosquitto_property **proplist, int identifier, const char *value);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_property_add_string", SetLastError = true)]
    internal static partial int PropertyAddStringUtf8(ref nint proplist, int identifier, byte* value);

    // int mosquitto_property_add_string_pair(mosquitto_property **proplist, int identifier, const char *name, const char *value);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_property_add_string_pair", SetLastError = true)]
    internal static partial int PropertyAddStringPairUtf8(ref nint proplist, int identifier, byte* name, byte* value);

    // const mosquitto_property *mosquitto_property_read_byte(const mosquitto_property *proplist,
    //     int identifier, uint8_t *value, bool skip_first);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_property_read_byte")]
    internal static partial nint PropertyReadByte(nint proplist, int identifier, out byte value, [MarshalAs(UnmanagedType.U1)] bool skipFirst);

    // const mosquitto_property *mosquitto_property_read_int32(const mosquitto_property *proplist,
    //     int identifier, uint32_t *value, bool skip_first);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_property_read_int32")]
    internal static partial nint PropertyReadInt32(nint proplist, int identifier, out uint value, [MarshalAs(UnmanagedType.U1)] bool skipFirst);

    // const mosquitto_property *mosquitto_property_read_binary(const mosquitto_property *proplist,
    //     int identifier, void **value, uint16_t *len, bool skip_first);  -- *value is malloc'd: free() it
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_property_read_binary")]
    internal static partial nint PropertyReadBinary(nint proplist, int identifier, out byte* value, out ushort length, [MarshalAs(UnmanagedType.U1)] bool skipFirst);

    // const mosquitto_property *mosquitto_property_read_string(const mosquitto_property *proplist,
    //     int identifier, char **value, bool skip_first);  -- *value is malloc'd: free() it
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_property_read_string")]
    internal static partial nint PropertyReadString(nint proplist, int identifier, out byte* value, [MarshalAs(UnmanagedType.U1)] bool skipFirst);

    // const mosquitto_property *mosquitto_property_read_string_pair(const mosquitto_property *proplist,
    //     int identifier, char **name, char **value, bool skip_first);  -- both malloc'd: free() them
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_property_read_string_pair")]
    internal static partial nint PropertyReadStringPair(nint proplist, int identifier, out byte* name, out byte* value, [MarshalAs(UnmanagedType.U1)] bool skipFirst);

    // void mosquitto_property_free_all(mosquitto_property **properties);
    [LibraryImport(LibraryName, EntryPoint = "mosquitto_property_free_all")]
    internal static partial void PropertyFreeAll(ref nint properties);
}
