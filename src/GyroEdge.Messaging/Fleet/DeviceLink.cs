using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using GyroEdge.Messaging.Commands;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Outbox;
using GyroEdge.Messaging.Telemetry;

namespace GyroEdge.Messaging.Fleet;

/// <summary>
/// A device's whole link to its fleet over one MQTT 5 connection: frames through the outbox on
/// disk (QoS 1, deleted on PUBACK, replayed after reconnects and restarts), the retained status
/// (online birth on every connect, offline through the will or on shutdown), periodic telemetry,
/// and remote commands (<c>status</c> and <c>snapshot</c> built in; the host registers <c>set</c>,
/// <c>model-update</c> and its own on <see cref="Commands"/> before <see cref="Start"/>).
/// <para>
/// A TLS failure ends libmosquitto's network thread for good; it is reported through
/// <see cref="ConnectionFailed"/> and the host should stop (systemd restarts the daemon, and the
/// outbox replays what was not acknowledged), rather than run on half alive.
/// </para>
/// </summary>
public sealed class DeviceLink : IDisposable
{
    private static readonly TimeSpan ShutdownAcknowledgement = TimeSpan.FromSeconds(2);

    private readonly DeviceLinkOptions _options;
    private readonly MosquittoClient _client;
    private readonly OutboxStore _store;
    private readonly OutboxPublisher _publisher;
    private readonly FrameEntryWriter _frames;
    private readonly Lock _frameGate = new();
    private readonly TelemetryPublisher? _telemetry;
    private readonly Stopwatch _uptime = Stopwatch.StartNew();
    private DeviceDescription _description;
    private readonly TaskCompletionSource _commandsSubscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _connects;
    private long _disconnects;
    private bool _disposed;

    public DeviceLink(DeviceLinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _description = options.Description;
        Topics = new DeviceTopics(options.DeviceId);
        _store = new OutboxStore(options.Outbox);
        try
        {
            _client = new MosquittoClient(ClientOptions(options, Topics));
            _publisher = new OutboxPublisher(_store, _client, options.Mqtt.MaxInflightMessages);
        }
        catch
        {
            _client?.Dispose();
            _store.Dispose();
            throw;
        }
        _frames = new FrameEntryWriter(Topics, options.PublishFrameMeta);
        Commands = new CommandRouter(Topics, (topic, payload, properties) => _publisher.PublishDirect(topic, payload, MqttQos.AtLeastOnce, retain: false, properties));
        Snapshot = new SnapshotCommand();
        Commands.Register(new StatusCommand(StatusReport));
        Commands.Register(Snapshot);
        if (options.TelemetryInterval is { } interval)
            _telemetry = new TelemetryPublisher(interval, CollectTelemetry, PublishTelemetry);

        _client.Connected += OnConnected;
        _client.Disconnected += (_, _) => Interlocked.Increment(ref _disconnects);
        _client.MessageReceived += (_, e) => Commands.Accept(e.Message);
        _client.ConnectionFailed += (_, e) => ConnectionFailed?.Invoke(this, e);
        _client.HandlerFailed += (_, e) => Report($"a {e.EventName} handler failed: {e.Exception.Message}");
        _publisher.EntryFailed += (_, e) => Report(e.Message);
        Commands.HandlerFailed += (_, e) => Report($"cmd/{e.Command} failed: {e.Exception.Message}");
        if (_telemetry is not null)
            _telemetry.Failed += (_, e) => Report($"telemetry failed: {e.Message}");
    }

    /// <summary>A connection attempt failed (on the network thread). After a TLS failure libmosquitto does not retry: stop the host.</summary>
    public event EventHandler<MqttConnectionFailedEventArgs>? ConnectionFailed;

    /// <summary>Something went wrong that the link survived (a refused entry, a failing handler); for the log.</summary>
    public event EventHandler<string>? Problem;

    public DeviceTopics Topics { get; }

    /// <summary>The command router; register handlers before <see cref="Start"/>.</summary>
    public CommandRouter Commands { get; }

    /// <summary>The built-in snapshot command: the pipeline asks <see cref="SnapshotCommand.TryTake"/> once per frame.</summary>
    public SnapshotCommand Snapshot { get; }

    public bool IsConnected => _client.IsConnected;

    public OutboxStatistics Outbox => _store.Statistics;

    /// <summary>The prefix of the frame uids this run assigns.</summary>
    public string RunId => _frames.RunId;

    /// <summary>Starts publishing what the outbox holds and connecting in the background (the broker need not be up).</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _publisher.Start();
        _client.Start();
        _telemetry?.Start();
    }

    /// <summary>
    /// <see cref="Start"/>, then waits for the first CONNACK and the command subscription; throws
    /// <see cref="MqttConnectException"/> with the reason (TLS, refused, unreachable).
    /// </summary>
    public async Task ConnectAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Start();
        await _client.WaitForConnectAsync(timeout, cancellationToken).ConfigureAwait(false);
        await _commandsSubscribed.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores the frame in the outbox (durably) and returns; publishing happens in the background.
    /// Not stored (<see cref="OutboxAppendResult.Stored"/> false) only when the frame alone exceeds
    /// what the byte budget can free; it is counted as evicted.
    /// </summary>
    public OutboxAppendResult PublishFrame(FrameMetadata metadata, ReadOnlySpan<byte> jpeg)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_frameGate)
            return _store.Append(_frames.Write(metadata, jpeg));
    }

    /// <summary>Changes what the status says (e.g. after a model update) and publishes a new birth when connected.</summary>
    public void UpdateDescription(DeviceDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        Volatile.Write(ref _description, description);
        if (_client.IsConnected)
            PublishBirth();
    }

    /// <summary>What cmd/status answers: versions plus the telemetry document.</summary>
    public JsonObject StatusReport()
    {
        var description = Volatile.Read(ref _description);
        var report = CollectTelemetry();
        report["software"] = description.SoftwareVersion;
        var models = new JsonObject();
        foreach (var (role, version) in description.ModelVersions)
            models[role] = version;
        report["models"] = models;
        return report;
    }

    /// <summary>
    /// Publishes status offline (reason shutdown) and waits briefly for it when connected, stops the
    /// network thread, and closes the outbox. Entries not yet acknowledged stay on disk for the next
    /// start.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _telemetry?.Dispose();
        if (_client.IsConnected)
        {
            try
            {
                // DISCONNECT makes the broker drop the will, so the offline status is said here.
                _publisher.PublishDirectAndWaitAsync(Topics.Status, DeviceStatusDocument.Shutdown(Topics.DeviceId, DateTimeOffset.UtcNow), retain: true, ShutdownAcknowledgement)
                    .GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is TimeoutException or MqttException)
            {
                Report($"the offline status was not acknowledged before shutdown: {e.Message}");
            }
        }
        // The network thread stops first, so no PUBACK can arrive between the publisher letting go of
        // its entries and the client going away: what was not acknowledged stays on disk.
        _client.Disconnect();
        Commands.Dispose();
        _publisher.Dispose();
        _client.Dispose();
        _store.Dispose();
        _frames.Dispose();
    }

    private static MqttClientOptions ClientOptions(DeviceLinkOptions options, DeviceTopics topics)
    {
        var mqtt = options.Mqtt;
        var device = mqtt.Clone();
        device.ClientId = string.IsNullOrEmpty(mqtt.ClientId) ? options.DeviceId : mqtt.ClientId;
        // User properties, correlation data and PUBACK reason codes need MQTT 5; a clean start
        // because the outbox, not the broker session, is what keeps frames across restarts.
        device.ProtocolVersion = MqttProtocolVersion.V5;
        device.CleanStart = true;
        device.Will = new MqttWillOptions
        {
            Topic = topics.Status,
            Payload = DeviceStatusDocument.Will(options.DeviceId),
            Qos = MqttQos.AtLeastOnce,
            Retain = true,
            Properties = new MqttPublishProperties { ContentType = "application/json", PayloadIsUtf8 = true },
        };
        return device;
    }

    private void OnConnected(object? sender, MqttConnectedEventArgs e)
    {
        Interlocked.Increment(ref _connects);
        PublishBirth();
        // A clean session forgets subscriptions: subscribe again on every connect, off the network thread.
        _ = Task.Run(SubscribeToCommandsAsync);
    }

    private async Task SubscribeToCommandsAsync()
    {
        try
        {
            await _client.SubscribeAsync(Topics.Commands, MqttQos.AtLeastOnce).ConfigureAwait(false);
            _commandsSubscribed.TrySetResult();
        }
        catch (Exception e) when (e is MqttException or ObjectDisposedException)
        {
            Report($"subscribing to {Topics.Commands} failed ({e.Message}); commands will work after the next reconnect.");
        }
    }

    private void PublishBirth()
    {
        try
        {
            var birth = DeviceStatusDocument.Birth(Topics.DeviceId, Volatile.Read(ref _description), DateTimeOffset.UtcNow);
            _publisher.PublishDirect(Topics.Status, birth, MqttQos.AtLeastOnce, retain: true, JsonProperties);
        }
        catch (Exception e) when (e is MqttException or ObjectDisposedException)
        {
            Report($"the online status could not be published: {e.Message}");
        }
    }

    private bool PublishTelemetry(byte[] json)
    {
        if (!_client.IsConnected)
            return false;
        return _publisher.PublishDirect(Topics.Telemetry, json, MqttQos.AtMostOnce, retain: false, JsonProperties).Status == PublishStatus.Queued;
    }

    private JsonObject CollectTelemetry()
    {
        var outbox = _store.Statistics;
        var document = new JsonObject
        {
            ["device"] = Topics.DeviceId,
            ["timestamp"] = DeviceStatusDocument.Timestamp(DateTimeOffset.UtcNow),
            ["uptime_s"] = Math.Round(_uptime.Elapsed.TotalSeconds, 1),
            ["run_id"] = _frames.RunId,
            ["mqtt"] = new JsonObject
            {
                ["connected"] = _client.IsConnected,
                ["connects"] = Interlocked.Read(ref _connects),
                ["disconnects"] = Interlocked.Read(ref _disconnects),
                ["in_flight"] = _publisher.InFlightMessages,
            },
            ["outbox"] = JsonSerializer.SerializeToNode(outbox, TelemetryJson.Options),
            ["commands"] = new JsonObject { ["handled"] = Commands.Handled, ["failed"] = Commands.Failed },
        };
        if (_options.PipelineMetrics is { } pipeline)
            document["pipeline"] = pipeline();
        return document;
    }

    private void Report(string problem)
    {
        try
        {
            Problem?.Invoke(this, problem);
        }
        catch (Exception)
        {
            // Diagnostics must not become a failure of their own.
        }
    }

    private static readonly MqttPublishProperties JsonProperties = new() { ContentType = "application/json", PayloadIsUtf8 = true };
}

/// <summary>snake_case JSON for telemetry documents, the style of every GyroEdge topic.</summary>
internal static class TelemetryJson
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
