using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using GyroEdge.Messaging.Mosquitto.Interop;

namespace GyroEdge.Messaging.Mosquitto;

/// <summary>
/// An MQTT client on libmosquitto's threaded interface: <see cref="Start"/> runs
/// mosquitto_connect_async and mosquitto_loop_start, and libmosquitto's own network thread then
/// sends, receives, pings and reconnects. Every event is raised on that thread: keep handlers short,
/// and subscribe to them before starting. An exception from a handler is caught and reported through
/// <see cref="HandlerFailed"/>; it never reaches native code. After <see cref="Dispose"/> returns,
/// the network thread has ended and no event is raised any more. Until then the client is rooted
/// (libmosquitto holds a GCHandle to it), so a client that is never disposed lives, and keeps its
/// connection, until the process ends.
/// </summary>
public sealed partial class MosquittoClient : IDisposable, IMosquittoCallbackTarget
{
    private readonly string _host;
    private readonly int _port;
    private readonly int _keepAliveSeconds;
    private readonly bool _tls;
    private readonly MqttProtocolVersion _protocol;
    private readonly byte[]? _keyPassword;
    private readonly MosquittoHandle _handle;
    private GCHandle _self;

    // Start, Disconnect and Dispose. Never taken on the network thread, which may be joined under it.
    private readonly Lock _lifecycle = new();
    private bool _running;
    private volatile bool _disposed;

    // Connection state shared with the network thread. Never held across a native call.
    private readonly Lock _connection = new();
    private volatile bool _connected;
    private TaskCompletionSource? _connectWaiter;
    private MqttConnectException? _pendingFailure;
    private bool _failureReported;
    private string? _lastErrorLog;

    private readonly PendingAcknowledgements<int[]> _subscriptions = new();
    private readonly PendingAcknowledgements<bool> _unsubscriptions = new();

    /// <summary>
    /// Validates <paramref name="options"/> (see <see cref="MqttClientOptions.Validate"/>) and sets up
    /// the libmosquitto instance; nothing touches the network until <see cref="Start"/>.
    /// </summary>
    public MosquittoClient(MqttClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        MosquittoRuntime.EnsureInitialized();

        _host = options.Host;
        _port = options.Port;
        _keepAliveSeconds = options.KeepAliveSeconds;
        _tls = options.Tls is not null;
        _protocol = options.ProtocolVersion;
        _keyPassword = options.Tls?.KeyPassword is { } password ? Encoding.UTF8.GetBytes(password) : null;

        _self = GCHandle.Alloc(this);
        try
        {
            _handle = Libmosquitto.New(options.ClientId, options.CleanStart, GCHandle.ToIntPtr(_self));
            MosquittoError.ThrowIfInvalid(_handle, "mosquitto_new");
            try
            {
                Configure(options);
            }
            catch
            {
                _handle.Dispose();
                throw;
            }
        }
        catch
        {
            _self.Free();
            throw;
        }
    }

    /// <summary>The broker accepted a connection (first connect and every automatic reconnect).</summary>
    public event EventHandler<MqttConnectedEventArgs>? Connected;

    /// <summary>
    /// A connection attempt failed: unreachable, refused by CONNACK, or TLS. Raised on the network
    /// thread, or on the caller's thread when <see cref="Start"/> itself finds the failure.
    /// </summary>
    public event EventHandler<MqttConnectionFailedEventArgs>? ConnectionFailed;

    /// <summary>The connection ended; libmosquitto reconnects by itself unless <see cref="MqttDisconnectedEventArgs.WasRequested"/>.</summary>
    public event EventHandler<MqttDisconnectedEventArgs>? Disconnected;

    /// <summary>A published message finished its QoS flow (PUBACK for QoS 1). May come before Publish returned its id.</summary>
    public event EventHandler<MqttPublishCompletedEventArgs>? PublishCompleted;

    /// <summary>A message arrived. The payload and properties are copies the handler may keep.</summary>
    public event EventHandler<MqttMessageReceivedEventArgs>? MessageReceived;

    /// <summary>The broker answered a SUBSCRIBE.</summary>
    public event EventHandler<MqttSubscribedEventArgs>? Subscribed;

    /// <summary>libmosquitto's own log lines.</summary>
    public event EventHandler<MqttLogEventArgs>? Log;

    /// <summary>A handler of another event threw; the exception was caught on the network thread.</summary>
    public event EventHandler<MqttHandlerFailedEventArgs>? HandlerFailed;

    /// <summary>The version of the libmosquitto this process loaded, e.g. 2.0.11.</summary>
    public static Version LibraryVersion => MosquittoRuntime.LibraryVersion();

    /// <summary>True between an accepted CONNACK and the next disconnect.</summary>
    public bool IsConnected => _connected;

    /// <summary>
    /// Starts connecting in the background and returns at once. The broker need not be up: a failed
    /// attempt raises <see cref="ConnectionFailed"/>, and libmosquitto retries with the configured
    /// reconnect delay until the client is disconnected or disposed.
    /// </summary>
    public void Start()
    {
        MqttConnectException? failure = null;
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_running)
                throw new InvalidOperationException("The client is already started; call Disconnect before starting it again.");
            lock (_connection)
            {
                _pendingFailure = null;
                _failureReported = false;
                _lastErrorLog = null;
            }

            var rc = Libmosquitto.ConnectNonBlocking(_handle, _host, _port, _keepAliveSeconds);
            var retryOnLoop = false;
            // Refused, unresolvable or a TLS setup failure right away: the loop started below retries,
            // so these are reported like any failed attempt, not thrown.
            if (rc is MosquittoError.MOSQ_ERR_ERRNO or MosquittoError.MOSQ_ERR_EAI)
            {
                var errno = rc == MosquittoError.MOSQ_ERR_ERRNO ? Marshal.GetLastPInvokeError() : 0;
                // With TLS the handshake runs inside this call; a broker refusing the client's
                // certificate shows up here as EPROTO.
                var refusedHandshake = _tls && errno == MqttConnectFailures.EPROTO;
                failure = refusedHandshake
                    ? MqttConnectFailures.TlsRefusedByBroker(_host, _port, rc, errno)
                    : MqttConnectFailures.Unreachable(_host, _port, rc, errno, "mosquitto_connect_async");
                retryOnLoop = !refusedHandshake;
            }
            else if (rc == MosquittoError.MOSQ_ERR_TLS)
            {
                // The TLS context is built inside this call; its reasons arrived as log lines on this
                // thread, and OnLog has reported the first of them already.
                lock (_connection)
                {
                    if (!_failureReported)
                        failure = MqttConnectFailures.TlsFailed(_host, _port, _lastErrorLog ?? MosquittoError.Describe(rc, 0));
                    _failureReported = true;
                }
            }
            else
            {
                MosquittoError.ThrowIfFailed(rc, "mosquitto_connect_async");
            }
            MosquittoError.ThrowIfFailed(Libmosquitto.LoopStart(_handle), "mosquitto_loop_start");
            _running = true;
            if (retryOnLoop)
            {
                // A failed first attempt (broker down at start) can leave libmosquitto 2.0.11 in its
                // "new" state, and its network thread waits for that state to change before it runs
                // the reconnect cycle (lib/thread_mosq.c): it would never retry. A second attempt,
                // now on the threaded path, moves it on; whatever it returns, the loop retries from here.
                _ = Libmosquitto.ReconnectNonBlocking(_handle);
            }
        }
        if (failure is not null)
            ReportConnectFailure(failure);
    }

    /// <summary>
    /// <see cref="Start"/>, then <see cref="WaitForConnectAsync"/>. On failure the client keeps
    /// retrying in the background; dispose it to stop.
    /// </summary>
    public async Task ConnectAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Start();
        await WaitForConnectAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Completes when the broker has accepted the connection (at once if it already has). Throws
    /// <see cref="MqttConnectException"/> when the current attempt fails (broker unreachable, CONNACK
    /// refused, TLS) or no CONNACK comes within <paramref name="timeout"/>. A failure that happened
    /// before the call is reported to the first caller; later callers wait for the next attempt.
    /// </summary>
    public async Task WaitForConnectAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Task waiter;
        string? lastError;
        lock (_connection)
        {
            if (_connected)
                return;
            if (_pendingFailure is { } failure)
            {
                _pendingFailure = null;
                throw failure;
            }
            if (!Volatile.Read(ref _running))
                throw new InvalidOperationException("The client is not started, so it will never connect; call Start or ConnectAsync first.");
            _connectWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiter = _connectWaiter.Task;
        }
        try
        {
            await waiter.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_connection)
                lastError = _lastErrorLog;
            throw MqttConnectFailures.TimedOut(_host, _port, timeout, _tls, lastError);
        }
    }

    /// <summary>
    /// Sends DISCONNECT (so the broker discards the will) and stops the network thread, waiting for
    /// it to end. <see cref="Start"/> may connect again afterwards. QoS 1/2 messages still unacknowledged
    /// stay queued in libmosquitto and are resent after the next connect.
    /// </summary>
    public void Disconnect()
    {
        if (MosquittoCallbacks.IsInsideCallbackOf(this))
        {
            throw new InvalidOperationException(
                "Disconnect was called from a MosquittoClient event handler, which runs on libmosquitto's network thread; that thread cannot stop itself. "
                + "Call it from another thread, e.g. _ = Task.Run(client.Disconnect).");
        }
        lock (_lifecycle)
        {
            if (_running)
                StopNetworkLoop();
        }
    }

    /// <summary>
    /// Publishes <paramref name="payload"/> to <paramref name="topic"/>. SUCCESS from libmosquitto
    /// only means queued; <see cref="PublishCompleted"/> reports the acknowledgement under the returned
    /// id. While disconnected, QoS 1/2 messages are kept and resent by libmosquitto
    /// (<see cref="PublishStatus.QueuedWhileDisconnected"/>: do not publish them again) and QoS 0
    /// messages are dropped. The payload is copied; the call allocates nothing on the managed heap
    /// unless <paramref name="properties"/> are given.
    /// </summary>
    public unsafe PublishResult Publish(string topic, ReadOnlySpan<byte> payload, MqttQos qos = MqttQos.AtLeastOnce, bool retain = false, MqttPublishProperties? properties = null)
    {
        ValidateTopicAndQos(topic, qos);
        ObjectDisposedException.ThrowIf(_disposed, this);

        int rc;
        int messageId;
        if (properties is null)
        {
            fixed (byte* bytes = payload)
                rc = Libmosquitto.PublishV5(_handle, out messageId, topic, payload.Length, bytes, (int)qos, retain, MosquittoPropertyList.None);
        }
        else
        {
            ValidateArgument(properties, nameof(properties));
            using var list = MosquittoPropertyList.From(properties);
            fixed (byte* bytes = payload)
                rc = Libmosquitto.PublishV5(_handle, out messageId, topic, payload.Length, bytes, (int)qos, retain, list);
        }

        return ToPublishResult(rc, qos, messageId);
    }

    private static PublishResult ToPublishResult(int rc, MqttQos qos, int messageId) =>
        rc switch
        {
            MosquittoError.MOSQ_ERR_SUCCESS => new PublishResult(PublishStatus.Queued, messageId),
            // lib/actions.c queues QoS>0 messages before trying to send, so NO_CONN leaves them queued.
            MosquittoError.MOSQ_ERR_NO_CONN when qos != MqttQos.AtMostOnce => new PublishResult(PublishStatus.QueuedWhileDisconnected, messageId),
            MosquittoError.MOSQ_ERR_NO_CONN => new PublishResult(PublishStatus.DroppedWhileDisconnected, messageId),
            _ => throw MosquittoError.Create(rc, "mosquitto_publish_v5"),
        };

    private static void ValidateTopicAndQos(string topic, MqttQos qos)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Length == 0 || topic.AsSpan().IndexOfAny('+', '#', '\0') >= 0)
        {
            throw new ArgumentException(
                $"Topic \"{topic}\" cannot be published to: a topic name is non-empty and has no '+', '#' or NUL (wildcards belong in subscriptions).",
                nameof(topic));
        }
        if (!Enum.IsDefined(qos))
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "MQTT QoS is 0, 1 or 2.");
    }

    /// <summary>
    /// <see cref="Publish(string, ReadOnlySpan{byte}, MqttQos, bool, MqttPublishProperties?)"/> with
    /// properties prepared in a reusable <paramref name="properties"/> writer: allocates nothing on the
    /// managed heap, so the outbox can publish frames with their metadata without garbage.
    /// </summary>
    public unsafe PublishResult Publish(string topic, ReadOnlySpan<byte> payload, MqttQos qos, bool retain, MqttPropertyWriter properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ValidateTopicAndQos(topic, qos);
        ObjectDisposedException.ThrowIf(_disposed, this);
        int rc;
        int messageId;
        fixed (byte* bytes = payload)
            rc = Libmosquitto.PublishV5(_handle, out messageId, topic, payload.Length, bytes, (int)qos, retain, properties.List);
        return ToPublishResult(rc, qos, messageId);
    }

    /// <summary>
    /// Subscribes to <paramref name="topicFilter"/> (wildcards and "$share/group/filter" allowed; see
    /// <see cref="MqttTopicFilter.Shared"/>) and waits for the SUBACK. Returns the QoS the broker
    /// granted; throws <see cref="MqttException"/> when the broker refuses or the connection drops
    /// first. Subscriptions of a clean session do not survive a reconnect: subscribe again from
    /// <see cref="Connected"/> (without awaiting there, since that handler runs on the network thread).
    /// </summary>
    public async Task<MqttQos> SubscribeAsync(string topicFilter, MqttQos qos = MqttQos.AtLeastOnce, MqttSubscribeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ValidateFilter(topicFilter);
        if (!Enum.IsDefined(qos))
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "MQTT QoS is 0, 1 or 2.");
        var flags = 0;
        if (options is not null)
        {
            if (options.NoLocal && MqttTopicFilter.IsShared(topicFilter))
            {
                throw new ArgumentException(
                    $"NoLocal cannot be set on the shared subscription \"{topicFilter}\" (MQTT 5.0 section 3.8.3.1 makes it a protocol error). Drop NoLocal.",
                    nameof(options));
            }
            flags = (options.NoLocal ? Libmosquitto.MQTT_SUB_OPT_NO_LOCAL : 0)
                | (options.RetainAsPublished ? Libmosquitto.MQTT_SUB_OPT_RETAIN_AS_PUBLISHED : 0)
                | (int)options.RetainHandling;
        }
        ObjectDisposedException.ThrowIf(_disposed, this);

        var epoch = _subscriptions.Epoch;
        var rc = Libmosquitto.SubscribeV5(_handle, out var messageId, topicFilter, (int)qos, flags, MosquittoPropertyList.None);
        MosquittoError.ThrowIfFailed(rc, "mosquitto_subscribe_v5");
        var codes = await Acknowledged(_subscriptions, messageId, epoch, "SUBSCRIBE", topicFilter, cancellationToken).ConfigureAwait(false);

        var code = codes.Length > 0 ? codes[0] : 0x80;
        if (code < 0x80)
            return (MqttQos)code;
        var text = _protocol == MqttProtocolVersion.V5 ? MosquittoError.ReasonString(code) : "Failure";
        var hint = code switch
        {
            135 => "The broker's ACL does not let this client read that filter.",
            143 => "Check the filter syntax: '+' and '#' fill whole levels and '#' comes last.",
            158 => "The broker does not support shared subscriptions; use a plain filter.",
            162 => "The broker does not support wildcard subscriptions.",
            _ => "See the broker's log for why.",
        };
        var errorCode = code switch
        {
            135 => MosquittoErrorCode.AclDenied,
            143 => MosquittoErrorCode.Invalid,
            158 or 161 or 162 => MosquittoErrorCode.NotSupported,
            _ => MosquittoErrorCode.Unknown,
        };
        throw new MqttException(errorCode, "SUBACK",
            $"the broker refused the subscription to \"{topicFilter}\": {text} (SUBACK reason {code}). {hint}", reasonCode: code);
    }

    /// <summary>Unsubscribes from <paramref name="topicFilter"/> and waits for the UNSUBACK.</summary>
    public async Task UnsubscribeAsync(string topicFilter, CancellationToken cancellationToken = default)
    {
        ValidateFilter(topicFilter);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var epoch = _unsubscriptions.Epoch;
        var rc = Libmosquitto.UnsubscribeV5(_handle, out var messageId, topicFilter, MosquittoPropertyList.None);
        MosquittoError.ThrowIfFailed(rc, "mosquitto_unsubscribe_v5");
        await Acknowledged(_unsubscriptions, messageId, epoch, "UNSUBSCRIBE", topicFilter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the network thread (sending DISCONNECT first, so the broker discards the will) and
    /// frees the libmosquitto instance. After it returns no event is raised. Called from a handler,
    /// it returns at once and finishes on a pool thread once the handler has returned.
    /// </summary>
    public void Dispose()
    {
        lock (_lifecycle)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        if (MosquittoCallbacks.IsInsideCallbackOf(this))
        {
            // mosquitto_loop_stop joins the network thread, which is the thread running this handler.
            Libmosquitto.Disconnect(_handle);
            ThreadPool.UnsafeQueueUserWorkItem(static client => client.ReleaseFromPool(), this, preferLocal: false);
            return;
        }
        Release();
    }

    private void Configure(MqttClientOptions options)
    {
        MosquittoError.ThrowIfFailed(Libmosquitto.IntOption(_handle, Libmosquitto.MOSQ_OPT_PROTOCOL_VERSION, (int)options.ProtocolVersion), "mosquitto_int_option(MOSQ_OPT_PROTOCOL_VERSION)");
        MosquittoError.ThrowIfFailed(Libmosquitto.IntOption(_handle, Libmosquitto.MOSQ_OPT_SEND_MAXIMUM, options.MaxInflightMessages), "mosquitto_int_option(MOSQ_OPT_SEND_MAXIMUM)");
        MosquittoError.ThrowIfFailed(
            Libmosquitto.ReconnectDelaySet(_handle, (uint)options.ReconnectDelaySeconds, (uint)options.ReconnectDelayMaxSeconds, options.ReconnectExponentialBackoff),
            "mosquitto_reconnect_delay_set");
        if (options.Username is not null || options.Password is not null)
            MosquittoError.ThrowIfFailed(Libmosquitto.UsernamePwSet(_handle, options.Username, options.Password), "mosquitto_username_pw_set");
        if (options.Will is { } will)
            SetWill(will);
        if (options.Tls is { } tls)
            SetTls(tls);
        MosquittoCallbacks.Install(_handle);
    }

    private unsafe void SetWill(MqttWillOptions will)
    {
        using var properties = MosquittoPropertyList.From(will.Properties, will.DelaySeconds);
        int rc;
        fixed (byte* payload = will.Payload.Span)
            rc = Libmosquitto.WillSetV5(_handle, will.Topic, will.Payload.Length, payload, (int)will.Qos, will.Retain, properties);
        MosquittoError.ThrowIfFailed(rc, "mosquitto_will_set_v5");
        // mosquitto.h: on success the property list belongs to libmosquitto.
        properties.TransferOwnership();
    }

    private unsafe void SetTls(MqttTlsOptions tls)
    {
        var rc = Libmosquitto.TlsSet(_handle, NullIfEmpty(tls.CaFile), NullIfEmpty(tls.CaPath), NullIfEmpty(tls.CertificateFile), NullIfEmpty(tls.KeyFile), MosquittoCallbacks.PasswordCallback);
        // lib/options.c answers MOSQ_ERR_INVAL when it cannot fopen one of the files.
        MosquittoError.ThrowIfFailed(rc, "mosquitto_tls_set",
            $"libmosquitto could not open one of Tls.CaFile ({tls.CaFile}), Tls.CertificateFile ({tls.CertificateFile}), Tls.KeyFile ({tls.KeyFile}); check that this process may read them.");
        var version = tls.MinimumVersion == MqttTlsVersion.Tls13 ? "tlsv1.3" : "tlsv1.2";
        MosquittoError.ThrowIfFailed(Libmosquitto.TlsOptsSet(_handle, Libmosquitto.SSL_VERIFY_PEER, version, null), "mosquitto_tls_opts_set");
        if (tls.AllowUntrustedHostname)
            MosquittoError.ThrowIfFailed(Libmosquitto.TlsInsecureSet(_handle, true), "mosquitto_tls_insecure_set");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void ValidateArgument(MqttPublishProperties properties, string parameterName)
    {
        try
        {
            properties.Validate(parameterName);
        }
        catch (MqttOptionsException e)
        {
            throw new ArgumentException(e.Message, parameterName, e);
        }
    }

    private static void ValidateFilter(string topicFilter)
    {
        ArgumentNullException.ThrowIfNull(topicFilter);
        if (topicFilter.Length == 0 || topicFilter.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException("A topic filter is non-empty and has no NUL character, e.g. \"gyroedge/v1/+/frame\".", nameof(topicFilter));
    }

    private static async Task<T> Acknowledged<T>(PendingAcknowledgements<T> pending, int messageId, int epoch, string packet, string topicFilter, CancellationToken cancellationToken)
    {
        var answer = pending.WaitFor(messageId, epoch, () => ConnectionLostBefore(packet, topicFilter));
        try
        {
            return await answer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            pending.Forget(messageId);
            throw;
        }
    }

    private static MqttException ConnectionLostBefore(string packet, string topicFilter) =>
        new(MosquittoErrorCode.ConnectionLost, packet,
            $"the connection ended before the broker acknowledged {packet} \"{topicFilter}\"; repeat it after the client has reconnected (see the Connected event).");

    private void StopNetworkLoop()
    {
        var rc = Libmosquitto.Disconnect(_handle);
        if (rc != MosquittoError.MOSQ_ERR_NO_CONN)
            MosquittoError.ThrowIfFailed(rc, "mosquitto_disconnect");
        // Without force: mosquitto_disconnect has set the state the loop checks, and a forced stop
        // would pthread_cancel a thread that may be running managed code.
        MosquittoError.ThrowIfFailed(Libmosquitto.LoopStop(_handle, force: false), "mosquitto_loop_stop");
        _running = false;

        TaskCompletionSource? waiter;
        lock (_connection)
        {
            _connected = false;
            waiter = _connectWaiter;
            _connectWaiter = null;
        }
        var stopped = new MqttException(MosquittoErrorCode.NoConnection, "Disconnect", "the client was disconnected by its owner before the broker answered.");
        waiter?.TrySetException(stopped);
        _subscriptions.FailAll(stopped);
        _unsubscriptions.FailAll(stopped);
    }

    private void Release()
    {
        lock (_lifecycle)
        {
            if (_running)
                StopNetworkLoop();
        }
        _handle.Dispose();
        if (_self.IsAllocated)
            _self.Free();

        TaskCompletionSource? waiter;
        lock (_connection)
        {
            waiter = _connectWaiter;
            _connectWaiter = null;
        }
        var disposed = new ObjectDisposedException(nameof(MosquittoClient));
        waiter?.TrySetException(disposed);
        _subscriptions.FailAll(disposed);
        _unsubscriptions.FailAll(disposed);
    }

    private void ReleaseFromPool()
    {
        try
        {
            Release();
        }
        catch (MqttException e)
        {
            // Nobody is left to rethrow to on a pool thread; an unhandled exception there would end the process.
            Trace.TraceError($"MosquittoClient: releasing {_host}:{_port} after a Dispose from a handler failed: {e.Message}");
        }
    }
}
