namespace GyroEdge.Messaging.Mosquitto;

// The payloads of MosquittoClient's events. Every event is raised on libmosquitto's network thread.

/// <summary>The broker accepted the connection (CONNACK reason 0).</summary>
public sealed class MqttConnectedEventArgs(bool sessionPresent) : EventArgs
{
    /// <summary>The broker resumed a stored session (only when CleanStart is false).</summary>
    public bool SessionPresent { get; } = sessionPresent;
}

/// <summary>A connection attempt failed; <see cref="Exception"/> is what WaitForConnectAsync throws for it.</summary>
public sealed class MqttConnectionFailedEventArgs(MqttConnectException exception) : EventArgs
{
    public MqttConnectException Exception { get; } = exception;
}

/// <summary>The connection ended. libmosquitto reconnects on its own unless the client asked for it.</summary>
public sealed class MqttDisconnectedEventArgs(int code, string description) : EventArgs
{
    /// <summary>
    /// 0 when the client disconnected on purpose; otherwise a mosq_err_t (7 = connection lost, e.g.
    /// the broker died) or, at 128 and above, the MQTT 5 reason code of the broker's DISCONNECT.
    /// </summary>
    public int Code { get; } = code;

    public bool WasRequested => Code == 0;
    public string Description { get; } = description;
}

/// <summary>
/// A published message completed its QoS flow: QoS 0 handed to the OS, QoS 1 PUBACK, QoS 2 PUBCOMP.
/// May be raised before Publish has returned the same id to its caller.
/// </summary>
public sealed class MqttPublishCompletedEventArgs(int messageId, int reasonCode) : EventArgs
{
    public int MessageId { get; } = messageId;

    /// <summary>The broker's MQTT 5 reason code; 0 (or 16, no matching subscribers) means accepted.</summary>
    public int ReasonCode { get; } = reasonCode;

    public bool IsAccepted => ReasonCode < 0x80;
}

public sealed class MqttMessageReceivedEventArgs(MqttReceivedMessage message) : EventArgs
{
    public MqttReceivedMessage Message { get; } = message;
}

/// <summary>The broker answered a SUBSCRIBE.</summary>
public sealed class MqttSubscribedEventArgs(int messageId, IReadOnlyList<int> reasonCodes) : EventArgs
{
    public int MessageId { get; } = messageId;

    /// <summary>Per filter: the granted QoS (0-2), or an MQTT 5 reason code of 0x80 and above when refused.</summary>
    public IReadOnlyList<int> ReasonCodes { get; } = reasonCodes;
}

public sealed class MqttLogEventArgs(MqttLogLevel level, string text) : EventArgs
{
    public MqttLogLevel Level { get; } = level;
    public string Text { get; } = text;
}

/// <summary>
/// A handler of one of the client's events threw. The exception was caught on the network thread,
/// because letting it unwind into libmosquitto would crash the process.
/// </summary>
public sealed class MqttHandlerFailedEventArgs(string eventName, Exception exception) : EventArgs
{
    /// <summary>The event whose handler threw, e.g. "MessageReceived".</summary>
    public string EventName { get; } = eventName;

    public Exception Exception { get; } = exception;
}
