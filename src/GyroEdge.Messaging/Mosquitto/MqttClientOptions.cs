using System.Text;

namespace GyroEdge.Messaging.Mosquitto;

/// <summary>
/// Everything a <see cref="MosquittoClient"/> needs before it connects. Plain properties with
/// defaults; <see cref="Validate"/> names the first offending property. The client copies what it
/// needs when it is created, so later changes do not affect it.
/// </summary>
public sealed class MqttClientOptions
{
    /// <summary>Client identifier. Null lets the broker assign one, which only works with <see cref="CleanStart"/>.</summary>
    public string? ClientId { get; set; }

    public string Host { get; set; } = "localhost";

    /// <summary>1883 for MQTT, 8883 by convention for MQTT over TLS.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>
    /// Seconds between PINGREQs when idle; the broker drops the client (and publishes its will)
    /// after 1.5 times this without traffic. libmosquitto accepts 5 to 65535.
    /// </summary>
    public int KeepAliveSeconds { get; set; } = 60;

    /// <summary>
    /// Start a new session on every connect (MQTT 5 Clean Start, 3.1.1 clean session). False resumes
    /// a stored session under <see cref="ClientId"/>, but with MQTT 5 only if the CONNECT carries a
    /// Session Expiry Interval, which mosquitto_connect_async (2.0.11) cannot send: with V5 the broker
    /// still ends the session when the connection does.
    /// </summary>
    public bool CleanStart { get; set; } = true;

    public MqttProtocolVersion ProtocolVersion { get; set; } = MqttProtocolVersion.V5;

    /// <summary>Seconds before the first reconnect attempt after the connection drops.</summary>
    public int ReconnectDelaySeconds { get; set; } = 1;

    /// <summary>Upper bound on the wait between reconnect attempts.</summary>
    public int ReconnectDelayMaxSeconds { get; set; } = 30;

    /// <summary>
    /// Grow the wait between attempts. libmosquitto 2.0.11 grows it as delay * (n+1)^2 for the
    /// n-th retry (lib/loop.c), capped at <see cref="ReconnectDelayMaxSeconds"/>; off means delay * (n+1).
    /// </summary>
    public bool ReconnectExponentialBackoff { get; set; } = true;

    /// <summary>
    /// QoS 1/2 messages in flight (sent, not yet acknowledged) at once (MOSQ_OPT_SEND_MAXIMUM,
    /// default 20); more wait in libmosquitto's queue.
    /// </summary>
    public int MaxInflightMessages { get; set; } = 20;

    public string? Username { get; set; }
    public string? Password { get; set; }

    public MqttWillOptions? Will { get; set; }

    /// <summary>Null: plain TCP.</summary>
    public MqttTlsOptions? Tls { get; set; }

    /// <summary>
    /// A copy to adjust (e.g. a fixed protocol version or a will) without touching the caller's
    /// options, and without a hand-written list of properties that a new option could miss.
    /// Shallow: Tls and Will objects are shared, and are not changed once a client is built from them.
    /// </summary>
    public MqttClientOptions Clone() => (MqttClientOptions)MemberwiseClone();

    /// <summary>Throws <see cref="MqttOptionsException"/> naming the first property that libmosquitto or the protocol would reject.</summary>
    public void Validate()
    {
        const string path = nameof(MqttClientOptions);
        if (ClientId is not null)
        {
            if (ClientId.Length == 0 || ClientId.Contains('\0', StringComparison.Ordinal) || Encoding.UTF8.GetByteCount(ClientId) > ushort.MaxValue)
            {
                throw new MqttOptionsException(path + ".ClientId",
                    $"{path}.ClientId is \"{ClientId}\"; it must be 1 to 65535 UTF-8 bytes without NUL (e.g. the device id), or null to let the broker assign one.");
            }
        }
        else if (!CleanStart)
        {
            throw new MqttOptionsException(path + ".ClientId",
                $"{path}.ClientId is null while CleanStart is false; a session can only be resumed under a fixed client id. Set ClientId (e.g. the device id) or set CleanStart = true.");
        }
        if (string.IsNullOrWhiteSpace(Host) || Host.Contains('\0', StringComparison.Ordinal))
            throw new MqttOptionsException(path + ".Host", $"{path}.Host is \"{Host}\"; set it to the broker's host name or IP address, e.g. \"localhost\".");
        if (Port is < 1 or > 65535)
            throw new MqttOptionsException(path + ".Port", $"{path}.Port is {Port}; a TCP port is 1 to 65535 (1883 for MQTT, 8883 for MQTT over TLS).");
        if (KeepAliveSeconds is < 5 or > 65535)
        {
            throw new MqttOptionsException(path + ".KeepAliveSeconds",
                $"{path}.KeepAliveSeconds is {KeepAliveSeconds}; libmosquitto accepts 5 to 65535 seconds (lib/connect.c). 60 is usual.");
        }
        if (!Enum.IsDefined(ProtocolVersion))
            throw new MqttOptionsException(path + ".ProtocolVersion", $"{path}.ProtocolVersion is {(int)ProtocolVersion}; use V5 (or V311 for brokers without MQTT 5).");
        if (ReconnectDelaySeconds < 1)
        {
            throw new MqttOptionsException(path + ".ReconnectDelaySeconds",
                $"{path}.ReconnectDelaySeconds is {ReconnectDelaySeconds}; it must be at least 1 so a broker outage does not turn into a busy reconnect loop.");
        }
        if (ReconnectDelayMaxSeconds < ReconnectDelaySeconds)
        {
            throw new MqttOptionsException(path + ".ReconnectDelayMaxSeconds",
                $"{path}.ReconnectDelayMaxSeconds is {ReconnectDelayMaxSeconds}, below ReconnectDelaySeconds ({ReconnectDelaySeconds}); set it to at least that.");
        }
        if (MaxInflightMessages is < 1 or > 65535)
            throw new MqttOptionsException(path + ".MaxInflightMessages", $"{path}.MaxInflightMessages is {MaxInflightMessages}; MQTT allows 1 to 65535 (20 is libmosquitto's default).");
        if (Password is not null && Username is null && ProtocolVersion == MqttProtocolVersion.V311)
        {
            throw new MqttOptionsException(path + ".Password",
                $"{path}.Password is set without Username; MQTT 3.1.1 sends a password only together with a user name. Set Username too.");
        }
        Will?.Validate(path + ".Will", ProtocolVersion);
        Tls?.Validate(path + ".Tls");
    }
}
