using GyroEdge.Messaging.Mosquitto.Interop;
using GyroEdge.Native;

namespace GyroEdge.Messaging.Mosquitto;

/// <summary>
/// Turns each way a connection attempt can fail into an <see cref="MqttConnectException"/> whose
/// message says what happened, what was expected and what to try.
/// </summary>
internal static class MqttConnectFailures
{
    private const int ECONNREFUSED = 111;
    private const int ENETUNREACH = 101;
    private const int EHOSTUNREACH = 113;
    internal const int EPROTO = 71;

    /// <summary>The TCP connection could not be made (mosquitto_connect_async or the first write failed).</summary>
    internal static MqttConnectException Unreachable(string host, int port, int rc, int errno, string operation)
    {
        if (rc == MosquittoError.MOSQ_ERR_EAI)
        {
            return new MqttConnectException(host, port, MosquittoErrorCode.AddressInfo, operation,
                $"could not resolve {host}: {MosquittoError.StrError(rc).TrimEnd('.')}; check MqttClientOptions.Host and DNS. libmosquitto keeps retrying.");
        }
        var what = errno != 0 ? System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno) : MosquittoError.StrError(rc).TrimEnd('.');
        var hint = errno switch
        {
            ECONNREFUSED => "is the broker running?",
            Errno.ETIMEDOUT or ENETUNREACH or EHOSTUNREACH => "is the host reachable and the port open in its firewall?",
            _ => "check MqttClientOptions.Host and Port.",
        };
        return new MqttConnectException(host, port, (MosquittoErrorCode)rc, operation,
            $"could not connect to {host}:{port}: {what}; {hint} (libmosquitto keeps retrying in the background.)", errno);
    }

    /// <summary>
    /// The broker ended the TLS handshake: OpenSSL reports its alert (a client certificate it did
    /// not sign, or none) as EPROTO, or the broker just closes; libmosquitto logs nothing about it,
    /// and lib/loop.c ends the network thread on EPROTO, so there is no retry either.
    /// </summary>
    internal static MqttConnectException TlsRefusedByBroker(string host, int port, int rc, int errno) =>
        new(host, port, MosquittoErrorCode.Tls, "TLS",
            $"the broker at {host}:{port} ended the TLS handshake ({MosquittoError.Describe(rc, errno)}): "
            + "a listener with require_certificate refuses a client certificate it did not sign, or none. "
            + "Check that MqttClientOptions.Tls.CertificateFile and KeyFile are set and signed by the CA in the broker's cafile. "
            + (errno == EPROTO ? "libmosquitto does not recover from this by itself: fix the certificate and create a new client." : "libmosquitto keeps retrying in the background."),
            errno);

    /// <summary>The broker answered CONNECT with a refusal.</summary>
    internal static MqttConnectException Refused(string host, int port, MqttProtocolVersion protocol, int reasonCode)
    {
        var text = protocol == MqttProtocolVersion.V5 ? MosquittoError.ReasonString(reasonCode) : MosquittoError.ConnackString(reasonCode);
        var hint = (protocol, reasonCode) switch
        {
            (MqttProtocolVersion.V5, 134) or (MqttProtocolVersion.V311, 4) => "Check MqttClientOptions.Username and Password.",
            (MqttProtocolVersion.V5, 135) or (MqttProtocolVersion.V311, 5) => "The broker does not allow this client: check its ACL, allow_anonymous and the client certificate.",
            (MqttProtocolVersion.V5, 133) or (MqttProtocolVersion.V311, 2) => "The broker rejected MqttClientOptions.ClientId; use a shorter id of letters and digits.",
            (MqttProtocolVersion.V5, 132) or (MqttProtocolVersion.V311, 1) => "The broker does not speak this MQTT version; set MqttClientOptions.ProtocolVersion to what it supports.",
            _ => "See the broker's log for why.",
        };
        return new MqttConnectException(host, port, MosquittoErrorCode.ConnectionRefused, "CONNACK",
            $"the broker at {host}:{port} refused the connection: {text} (CONNACK reason {reasonCode}). {hint}", reasonCode: reasonCode);
    }

    /// <summary>The connection closed before any CONNACK arrived.</summary>
    internal static MqttConnectException ClosedBeforeConnack(string host, int port, int rc, int errno, bool tls)
    {
        if (tls && rc == MosquittoError.MOSQ_ERR_ERRNO && errno is EPROTO or 0)
            return TlsRefusedByBroker(host, port, rc, errno);
        if (rc == MosquittoError.MOSQ_ERR_ERRNO && errno != 0)
            return Unreachable(host, port, rc, errno, "connect");
        return new MqttConnectException(host, port, (MosquittoErrorCode)rc, "CONNECT",
            $"the connection to {host}:{port} closed before the broker answered CONNECT ({MosquittoError.Describe(rc, errno)}); "
            + $"expected an MQTT{(tls ? " over TLS" : "")} listener there. Check the port and whether the broker wants TLS.", errno);
    }

    /// <summary>
    /// TLS failed while connecting; <paramref name="logText"/> is libmosquitto's first error line,
    /// the only place it says why (net__socket_connect_tls returns MOSQ_ERR_TLS without a callback).
    /// </summary>
    internal static MqttConnectException TlsFailed(string host, int port, string logText)
    {
        var hint = logText switch
        {
            // An alert is the broker's answer to this client's certificate: "tlsv1 alert unknown ca",
            // "tlsv13 alert certificate required", "sslv3 alert bad certificate". (A broker certificate
            // this client rejects reads "certificate verify failed" instead.)
            _ when logText.Contains(" alert ", StringComparison.OrdinalIgnoreCase) =>
                "The broker refused this client's certificate, or got none: check that MqttClientOptions.Tls.CertificateFile and KeyFile are set and signed by the CA in the broker's cafile.",
            _ when logText.Contains("client key", StringComparison.OrdinalIgnoreCase) || logText.Contains("bad decrypt", StringComparison.OrdinalIgnoreCase) =>
                "Check MqttClientOptions.Tls.KeyFile, and Tls.KeyPassword if the key is encrypted.",
            _ when logText.Contains("client certificate", StringComparison.OrdinalIgnoreCase) =>
                "Check that MqttClientOptions.Tls.CertificateFile is a PEM certificate that matches Tls.KeyFile.",
            _ when logText.Contains("host name verification", StringComparison.OrdinalIgnoreCase) =>
                $"The broker's certificate does not name {host}: connect by a name or address it carries, or (on a test bench only) set Tls.AllowUntrustedHostname.",
            _ when logText.Contains("CA certificates", StringComparison.OrdinalIgnoreCase) =>
                "Check that MqttClientOptions.Tls.CaFile/CaPath hold PEM CA certificates.",
            _ => $"Check that MqttClientOptions.Tls.CaFile is the CA that signed the broker's certificate, that the certificate names {host}, "
                + "and that the broker's listener speaks TLS.",
        };
        return new MqttConnectException(host, port, MosquittoErrorCode.Tls, "TLS",
            $"TLS with {host}:{port} failed: {logText.TrimEnd('.')}. {hint} libmosquitto does not recover from this by itself: fix the TLS settings and create a new client.");
    }

    /// <summary>No CONNACK within the caller's timeout.</summary>
    internal static MqttConnectException TimedOut(string host, int port, TimeSpan timeout, bool tls, string? lastError) =>
        new(host, port, MosquittoErrorCode.Timeout, "CONNACK",
            $"no CONNACK from {host}:{port} within {timeout.TotalSeconds:0.###} s; expected the broker to accept or refuse by then. "
            + $"Check that {host}:{port} is a reachable MQTT{(tls ? " over TLS" : "")} listener"
            + (lastError is null ? "." : $" (libmosquitto's last error: {lastError}).")
            + " libmosquitto keeps retrying in the background.");
}
