namespace GyroEdge.Messaging.Mosquitto.Interop;

/// <summary>
/// What the native callbacks deliver to, in managed types. Implemented by MosquittoClient, whose
/// GCHandle is the <c>obj</c> pointer libmosquitto passes back to every callback.
/// </summary>
internal interface IMosquittoCallbackTarget
{
    void OnConnect(int reasonCode, int flags);

    /// <summary><paramref name="errno"/> was read on entry, for rc = MOSQ_ERR_ERRNO.</summary>
    void OnDisconnect(int rc, int errno);

    void OnPublish(int messageId, int reasonCode);

    /// <summary>False when nobody listens, so the message is not copied at all.</summary>
    bool WantsMessages { get; }

    void OnMessage(MqttReceivedMessage message);

    void OnSubscribe(int messageId, int[] reasonCodes);

    void OnUnsubscribe(int messageId);

    /// <summary>False for levels nobody needs, so the text is not copied.</summary>
    bool WantsLog(int level);

    void OnLog(int level, string text);

    /// <summary>Writes the TLS key password into <paramref name="buffer"/>; returns its length, 0 for none.</summary>
    int WriteKeyPassword(Span<byte> buffer);

    /// <summary>Reports an exception that reached a callback. Must not throw.</summary>
    void OnCallbackFailed(string callback, Exception exception);
}
