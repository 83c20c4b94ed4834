using System.Diagnostics;
using GyroEdge.Messaging.Mosquitto.Interop;

namespace GyroEdge.Messaging.Mosquitto;

// What libmosquitto's callbacks do to the client: connection state, pending acknowledgements and
// the events. All of it runs on the network thread (or, for failures found in Start, the caller's).
public sealed partial class MosquittoClient
{
    private void ReportConnectFailure(MqttConnectException failure)
    {
        TaskCompletionSource? waiter;
        lock (_connection)
        {
            waiter = _connectWaiter;
            _connectWaiter = null;
            if (waiter is null)
                _pendingFailure = failure;
        }
        waiter?.TrySetException(failure);
        Raise(ConnectionFailed, new MqttConnectionFailedEventArgs(failure), nameof(ConnectionFailed));
    }

    private void Raise<TEventArgs>(EventHandler<TEventArgs>? handlers, TEventArgs args, string eventName)
    {
        if (handlers is null || _disposed)
            return;
        // One by one, so a throwing handler does not starve the ones after it.
        foreach (var handler in Delegate.EnumerateInvocationList(handlers))
        {
            try
            {
                handler(this, args);
            }
            catch (Exception e)
            {
                ReportHandlerFailure(eventName, e);
            }
        }
    }

    private void ReportHandlerFailure(string eventName, Exception exception)
    {
        var handlers = HandlerFailed;
        if (handlers is null)
        {
            Trace.TraceError($"MosquittoClient: a {eventName} handler threw, and no HandlerFailed handler is registered: {exception}");
            return;
        }
        var args = new MqttHandlerFailedEventArgs(eventName, exception);
        foreach (var handler in Delegate.EnumerateInvocationList(handlers))
        {
            try
            {
                handler(this, args);
            }
            catch (Exception inner)
            {
                Trace.TraceError($"MosquittoClient: a HandlerFailed handler threw while reporting a {eventName} failure: {inner}");
            }
        }
    }

    void IMosquittoCallbackTarget.OnConnect(int reasonCode, int flags)
    {
        if (reasonCode != 0)
        {
            lock (_connection)
                _failureReported = true;
            ReportConnectFailure(MqttConnectFailures.Refused(_host, _port, _protocol, reasonCode));
            return;
        }
        TaskCompletionSource? waiter;
        lock (_connection)
        {
            _connected = true;
            _pendingFailure = null;
            _failureReported = false;
            _lastErrorLog = null;
            waiter = _connectWaiter;
            _connectWaiter = null;
        }
        waiter?.TrySetResult();
        // Bit 0 of the CONNACK acknowledge flags is Session Present (MQTT 5.0 section 3.2.2.1).
        Raise(Connected, new MqttConnectedEventArgs((flags & 1) != 0), nameof(Connected));
    }

    void IMosquittoCallbackTarget.OnDisconnect(int rc, int errno)
    {
        MqttConnectException? failure = null;
        lock (_connection)
        {
            var wasConnected = _connected;
            _connected = false;
            if (!wasConnected && rc != 0)
            {
                // A refused CONNACK or a TLS error was reported already; this is its aftermath.
                if (_failureReported)
                    _failureReported = false;
                else
                    failure = MqttConnectFailures.ClosedBeforeConnack(_host, _port, rc, errno, _tls);
            }
        }
        var lost = new MqttException(MosquittoErrorCode.ConnectionLost, "DISCONNECT",
            "the connection ended before the broker answered; repeat the request after the client has reconnected (see the Connected event).");
        _subscriptions.FailAll(lost);
        _unsubscriptions.FailAll(lost);
        if (failure is not null)
            ReportConnectFailure(failure);

        var description = rc switch
        {
            0 => "disconnected on request",
            >= 0x80 => $"the broker disconnected the client: {MosquittoError.ReasonString(rc)} (reason {rc})",
            _ => MosquittoError.Describe(rc, errno),
        };
        Raise(Disconnected, new MqttDisconnectedEventArgs(rc, description), nameof(Disconnected));
    }

    void IMosquittoCallbackTarget.OnPublish(int messageId, int reasonCode)
    {
        // One per message sent: allocate the event arguments only when someone listens.
        if (PublishCompleted is { } handlers)
            Raise(handlers, new MqttPublishCompletedEventArgs(messageId, reasonCode), nameof(PublishCompleted));
    }

    bool IMosquittoCallbackTarget.WantsMessages => MessageReceived is not null && !_disposed;

    void IMosquittoCallbackTarget.OnMessage(MqttReceivedMessage message) =>
        Raise(MessageReceived, new MqttMessageReceivedEventArgs(message), nameof(MessageReceived));

    void IMosquittoCallbackTarget.OnSubscribe(int messageId, int[] reasonCodes)
    {
        _subscriptions.Complete(messageId, reasonCodes);
        Raise(Subscribed, new MqttSubscribedEventArgs(messageId, reasonCodes), nameof(Subscribed));
    }

    void IMosquittoCallbackTarget.OnUnsubscribe(int messageId) => _unsubscriptions.Complete(messageId, true);

    // Errors are always wanted: they explain failed connection attempts.
    bool IMosquittoCallbackTarget.WantsLog(int level) => Log is not null || level == Libmosquitto.MOSQ_LOG_ERR;

    void IMosquittoCallbackTarget.OnLog(int level, string text)
    {
        if (level == Libmosquitto.MOSQ_LOG_ERR)
        {
            MqttConnectException? failure = null;
            lock (_connection)
            {
                _lastErrorLog = text;
                // A TLS failure while connecting reaches the application only as log lines:
                // net__socket_connect_tls returns MOSQ_ERR_TLS without on_disconnect, and
                // mosquitto_loop_forever treats it as fatal and ends the thread (lib/loop.c).
                if (_tls && !_connected && !_failureReported)
                {
                    _failureReported = true;
                    failure = MqttConnectFailures.TlsFailed(_host, _port, text);
                }
            }
            if (failure is not null)
                ReportConnectFailure(failure);
        }
        if (Log is { } handlers)
            Raise(handlers, new MqttLogEventArgs((MqttLogLevel)level, text), nameof(Log));
    }

    int IMosquittoCallbackTarget.WriteKeyPassword(Span<byte> buffer)
    {
        if (_keyPassword is null || _keyPassword.Length > buffer.Length)
            return 0;
        _keyPassword.CopyTo(buffer);
        return _keyPassword.Length;
    }

    void IMosquittoCallbackTarget.OnCallbackFailed(string callback, Exception exception) => ReportHandlerFailure(callback, exception);
}
