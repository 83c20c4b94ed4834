using System.Runtime.InteropServices;
using GyroEdge.Native;

namespace GyroEdge.Messaging.Mosquitto.Interop;

/// <summary>
/// The one path from a libmosquitto return code to an exception. Every import that returns a
/// mosq_err_t goes through <see cref="ThrowIfFailed"/>; the exception names the call, the code,
/// mosquitto_strerror's text, the errno behind MOSQ_ERR_ERRNO, and what to do about it.
/// </summary>
internal static class MosquittoError
{
    internal const int MOSQ_ERR_SUCCESS = 0;
    internal const int MOSQ_ERR_NO_CONN = 4;
    internal const int MOSQ_ERR_CONN_REFUSED = 5;
    internal const int MOSQ_ERR_CONN_LOST = 7;
    internal const int MOSQ_ERR_TLS = 8;
    internal const int MOSQ_ERR_ERRNO = 14;
    internal const int MOSQ_ERR_EAI = 15;
    internal const int MOSQ_ERR_TIMEOUT = 27;

    /// <summary>
    /// Throws unless <paramref name="rc"/> is MOSQ_ERR_SUCCESS. Call it right after the import, before
    /// anything can overwrite the saved errno. <paramref name="hint"/> replaces the generic advice
    /// where the caller knows better (e.g. which files mosquitto_tls_set could not open).
    /// </summary>
    internal static void ThrowIfFailed(int rc, string call, string? hint = null)
    {
        if (rc != MOSQ_ERR_SUCCESS)
            throw Create(rc, call, hint);
    }

    /// <summary>
    /// mosquitto_new returns NULL instead of a code: ENOMEM, or EINVAL for a NULL id with
    /// clean_session false (mosquitto.h).
    /// </summary>
    internal static void ThrowIfInvalid(MosquittoHandle handle, string call)
    {
        if (!handle.IsInvalid)
            return;
        var errno = Marshal.GetLastPInvokeError();
        handle.Dispose();
        throw new MqttException(MosquittoErrorCode.Errno, call, $"{call} failed: {Errno.Describe(errno)}.", errno);
    }

    /// <summary>The exception for a failed <paramref name="call"/>; reads the errno the import saved when rc is MOSQ_ERR_ERRNO.</summary>
    internal static MqttException Create(int rc, string call, string? hint = null)
    {
        var errno = rc == MOSQ_ERR_ERRNO ? Marshal.GetLastPInvokeError() : 0;
        hint ??= Hint(rc);
        var message = $"{call} failed: {Describe(rc, errno)}." + (hint.Length > 0 ? " " + hint : "");
        return new MqttException((MosquittoErrorCode)rc, call, message, errno);
    }

    /// <summary>"The client is not currently connected (MOSQ_ERR_NO_CONN, 4)", with the errno text for MOSQ_ERR_ERRNO.</summary>
    internal static string Describe(int rc, int errno)
    {
        var text = $"{StrError(rc).TrimEnd('.')} ({Name(rc)}, {rc})";
        return rc == MOSQ_ERR_ERRNO && errno != 0 ? $"{text}: {Errno.Describe(errno)}" : text;
    }

    /// <summary>mosquitto_strerror's text for <paramref name="rc"/>.</summary>
    internal static string StrError(int rc)
    {
        MosquittoRuntime.EnsureInitialized();
        return Marshal.PtrToStringUTF8(Libmosquitto.StrError(rc)) ?? "Unknown error";
    }

    /// <summary>The MQTT 5 reason string (mosquitto_reason_string), e.g. "Not authorized" for 135.</summary>
    internal static string ReasonString(int reasonCode) =>
        Marshal.PtrToStringUTF8(Libmosquitto.ReasonString(reasonCode)) ?? "Unknown reason";

    /// <summary>The MQTT 3.1.1 CONNACK text (mosquitto_connack_string).</summary>
    internal static string ConnackString(int connackCode) =>
        Marshal.PtrToStringUTF8(Libmosquitto.ConnackString(connackCode)) ?? "Unknown CONNACK code";

    /// <summary>The C name of a mosq_err_t value, as it appears in mosquitto.h and libmosquitto's documentation.</summary>
    internal static string Name(int rc) => rc switch
    {
        0 => "MOSQ_ERR_SUCCESS",
        1 => "MOSQ_ERR_NOMEM",
        2 => "MOSQ_ERR_PROTOCOL",
        3 => "MOSQ_ERR_INVAL",
        4 => "MOSQ_ERR_NO_CONN",
        5 => "MOSQ_ERR_CONN_REFUSED",
        6 => "MOSQ_ERR_NOT_FOUND",
        7 => "MOSQ_ERR_CONN_LOST",
        8 => "MOSQ_ERR_TLS",
        9 => "MOSQ_ERR_PAYLOAD_SIZE",
        10 => "MOSQ_ERR_NOT_SUPPORTED",
        11 => "MOSQ_ERR_AUTH",
        12 => "MOSQ_ERR_ACL_DENIED",
        13 => "MOSQ_ERR_UNKNOWN",
        14 => "MOSQ_ERR_ERRNO",
        15 => "MOSQ_ERR_EAI",
        16 => "MOSQ_ERR_PROXY",
        17 => "MOSQ_ERR_PLUGIN_DEFER",
        18 => "MOSQ_ERR_MALFORMED_UTF8",
        19 => "MOSQ_ERR_KEEPALIVE",
        20 => "MOSQ_ERR_LOOKUP",
        21 => "MOSQ_ERR_MALFORMED_PACKET",
        22 => "MOSQ_ERR_DUPLICATE_PROPERTY",
        23 => "MOSQ_ERR_TLS_HANDSHAKE",
        24 => "MOSQ_ERR_QOS_NOT_SUPPORTED",
        25 => "MOSQ_ERR_OVERSIZE_PACKET",
        26 => "MOSQ_ERR_OCSP",
        27 => "MOSQ_ERR_TIMEOUT",
        28 => "MOSQ_ERR_RETAIN_NOT_SUPPORTED",
        29 => "MOSQ_ERR_TOPIC_ALIAS_INVALID",
        30 => "MOSQ_ERR_ADMINISTRATIVE_ACTION",
        31 => "MOSQ_ERR_ALREADY_EXISTS",
        _ => "mosq_err_t",
    };

    // What a caller can do about each code libmosquitto's client calls return (mosquitto.h lists them per call).
    private static string Hint(int rc) => rc switch
    {
        1 => "The process is out of memory.",
        3 => "libmosquitto rejected an argument: check the topic or filter ('+' and '#' only as whole levels, '#' last, no wildcards when publishing) and the options.",
        4 => "The client is not connected: await WaitForConnectAsync (or the Connected event) first.",
        9 => "MQTT payloads are limited to 268,435,455 bytes.",
        10 => "MQTT 5 properties and options need MqttClientOptions.ProtocolVersion = V5.",
        18 => "Topics, filters and string properties must be valid UTF-8 without NUL characters.",
        22 => "A property that may appear only once was given twice.",
        24 => "The broker does not accept this QoS (see the maximum QoS in its CONNACK); publish at a lower QoS.",
        25 => "The packet is larger than the broker's maximum packet size; send a smaller payload.",
        _ => "",
    };
}
