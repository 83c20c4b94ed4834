using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using GyroEdge.Messaging.Mosquitto;

namespace GyroEdge.Messaging.Fleet;

/// <summary>
/// The consumer side of the topic scheme: subscribes to every device's frames (optionally as a
/// member of a shared subscription group), status and telemetry; drops repeated frame uids (the
/// outbox delivers at least once) and counts them; saves each frame atomically with one line of
/// metadata per frame; keeps per-device figures for a live view. Frames are saved on a worker
/// thread; when the disk cannot keep up the queue fills and the network thread waits, which slows
/// the broker's deliveries instead of growing memory.
/// </summary>
public sealed class FleetWatcher : IDisposable
{
    private const int SaveQueueLength = 256;

    private readonly FleetWatchOptions _options;
    private readonly MosquittoClient _client;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, DeviceState> _devices = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Channel<(DeviceState Device, FrameMetadata Metadata, ReadOnlyMemory<byte> Jpeg, DateTimeOffset ReceivedAt)> _saves =
        Channel.CreateBounded<(DeviceState, FrameMetadata, ReadOnlyMemory<byte>, DateTimeOffset)>(new BoundedChannelOptions(SaveQueueLength) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Task _saver;
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _malformed;
    private long _saved;

    public FleetWatcher(FleetWatchOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
        var mqtt = options.Mqtt.Clone();
        mqtt.ClientId ??= $"gyroedge-watch-{Environment.MachineName}-{Environment.ProcessId}";
        // Shared subscriptions and the frames' user properties need MQTT 5; a watcher keeps no session
        // and leaves no will.
        mqtt.ProtocolVersion = MqttProtocolVersion.V5;
        mqtt.CleanStart = true;
        mqtt.Will = null;
        _client = new MosquittoClient(mqtt);
        _client.Connected += (_, _) => _ = Task.Run(SubscribeAsync);
        _client.MessageReceived += (_, e) => OnMessage(e.Message);
        _client.ConnectionFailed += (_, e) => Report(e.Exception.Message);
        _saver = Task.Run(SaveAsync);
    }

    /// <summary>Something the watcher survived: a malformed message, a failed save, a lost connection attempt.</summary>
    public event EventHandler<string>? Problem;

    public bool IsConnected => _client.IsConnected;

    /// <summary>Frame messages that could not be read as GyroEdge frames.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Frames written to the output directory.</summary>
    public long Saved => Interlocked.Read(ref _saved);

    /// <summary>Connects and waits until the subscriptions are in place; throws <see cref="MqttConnectException"/> with the reason.</summary>
    public async Task ConnectAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await _client.ConnectAsync(timeout, cancellationToken).ConfigureAwait(false);
        await _subscribed.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every device seen so far, by id.</summary>
    public IReadOnlyList<DeviceView> Devices()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
            return [.. _devices.Values.OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => d.View(now, _options.RateWindow))];
    }

    public void Dispose()
    {
        _client.Dispose();
        _saves.Writer.TryComplete();
        try
        {
            _saver.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Reported per frame already.
        }
    }

    private async Task SubscribeAsync()
    {
        var frames = _options.ShareGroup is { } group ? MqttTopicFilter.Shared(group, DeviceTopics.Fleet.Frames) : DeviceTopics.Fleet.Frames;
        try
        {
            await _client.SubscribeAsync(frames, MqttQos.AtLeastOnce).ConfigureAwait(false);
            // Not shared: a shared subscription gets no retained messages (MQTT 5.0 section 4.8.2), and
            // every member wants the whole fleet's status anyway.
            await _client.SubscribeAsync(DeviceTopics.Fleet.Status, MqttQos.AtLeastOnce).ConfigureAwait(false);
            await _client.SubscribeAsync(DeviceTopics.Fleet.Telemetry, MqttQos.AtMostOnce).ConfigureAwait(false);
            _subscribed.TrySetResult();
        }
        catch (Exception e) when (e is MqttException or ObjectDisposedException)
        {
            Report($"subscribing failed ({e.Message}); the watcher subscribes again after the next reconnect.");
        }
    }

    private void OnMessage(MqttReceivedMessage message)
    {
        if (!DeviceTopics.TryParse(message.Topic, out var deviceId, out var kind))
            return;
        var now = _time.GetUtcNow();
        switch (kind)
        {
            case "frame":
                OnFrame(deviceId, message, now);
                break;
            case "status":
                lock (_gate)
                    Device(deviceId).Status = DeviceStatusDocument.ReadState(message.Payload.Span) ?? "unknown";
                break;
            case "telemetry":
                OnTelemetry(deviceId, message.Payload.Span);
                break;
        }
    }

    private void OnFrame(string deviceId, MqttReceivedMessage message, DateTimeOffset now)
    {
        FrameMetadata metadata;
        try
        {
            metadata = FrameMetadataFields.Parse(message.Properties.UserProperties.Select(p => KeyValuePair.Create(p.Name, p.Value)));
        }
        catch (InvalidDataException e)
        {
            Interlocked.Increment(ref _malformed);
            Report($"a frame on {message.Topic} has unreadable metadata ({e.Message}); skipped.");
            return;
        }
        DeviceState device;
        lock (_gate)
        {
            device = Device(deviceId);
            if (!device.Remember(metadata.Uid, _options.RememberedUids))
            {
                device.Duplicates++;
                return;
            }
            device.Arrived(now, metadata.WallClock, _options.RateWindow);
        }
        if (_options.OutputDirectory is not null)
        {
            // Blocks the network thread only when the saver is SaveQueueLength frames behind.
            if (!_saves.Writer.TryWrite((device, metadata, message.Payload, now)))
                _saves.Writer.WriteAsync((device, metadata, message.Payload, now)).AsTask().GetAwaiter().GetResult();
        }
    }

    private void OnTelemetry(string deviceId, ReadOnlySpan<byte> json)
    {
        try
        {
            var outbox = JsonNode.Parse(json)?["outbox"];
            lock (_gate)
            {
                var device = Device(deviceId);
                device.OutboxDepth = outbox?["depth"]?.GetValue<long>();
                device.OutboxEvicted = outbox?["evicted"]?.GetValue<long>();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            Report($"telemetry from {deviceId} is not the expected JSON: {e.Message}");
        }
    }

    private DeviceState Device(string id)
    {
        if (!_devices.TryGetValue(id, out var device))
            _devices[id] = device = new DeviceState(id);
        return device;
    }

    private async Task SaveAsync()
    {
        await foreach (var (device, metadata, jpeg, receivedAt) in _saves.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                Save(device, metadata, jpeg.Span, receivedAt);
                Interlocked.Increment(ref _saved);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Report($"saving frame {metadata.Uid} of {device.Id} failed: {e.Message}");
            }
        }
    }

    private void Save(DeviceState device, FrameMetadata metadata, ReadOnlySpan<byte> jpeg, DateTimeOffset receivedAt)
    {
        var folder = Path.Combine(_options.OutputDirectory!, device.Id);
        var frames = Path.Combine(folder, "frames");
        if (device.NextFileNumber == 0)
        {
            Directory.CreateDirectory(frames);
            // Continue after what an earlier run saved, so nothing is overwritten.
            device.NextFileNumber = Directory.EnumerateFiles(frames, "*.jpg")
                .Select(f => long.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
                .DefaultIfEmpty(0).Max() + 1;
        }
        var name = device.NextFileNumber.ToString("D6", CultureInfo.InvariantCulture) + ".jpg";
        device.NextFileNumber++;
        var path = Path.Combine(frames, name);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(jpeg);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);

        using var line = new MemoryStream();
        using (var writer = new Utf8JsonWriter(line))
        {
            writer.WriteStartObject();
            writer.WriteString("file", "frames/" + name);
            writer.WriteString("received", receivedAt.UtcDateTime.ToString(FrameMetadataFields.WallTimeFormat, CultureInfo.InvariantCulture));
            writer.WriteNumber("bytes", jpeg.Length);
            writer.WritePropertyName("meta");
            FrameMetadataFields.WriteJson(metadata, Encoding.UTF8.GetBytes(metadata.Uid), writer);
            writer.WriteEndObject();
        }
        line.WriteByte((byte)'\n');
        // One write per line on an append-only file: a reader never sees half a line from us.
        using var meta = new FileStream(Path.Combine(folder, "meta.jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read);
        meta.Write(line.GetBuffer(), 0, (int)line.Length);
        meta.Flush(flushToDisk: true);
    }

    private void Report(string problem)
    {
        try
        {
            Problem?.Invoke(this, problem);
        }
        catch (Exception)
        {
            // An observer failing must not stop the watcher.
        }
    }

    private sealed class DeviceState(string id)
    {
        private readonly HashSet<string> _uids = new(StringComparer.Ordinal);
        private readonly Queue<string> _uidOrder = new();
        private readonly Queue<DateTimeOffset> _arrivals = new();

        public string Id { get; } = id;
        public string Status { get; set; } = "unknown";
        public long Frames { get; private set; }
        public long Duplicates { get; set; }
        public double? LatencyMs { get; private set; }
        public DateTimeOffset? LastFrameAt { get; private set; }
        public long? OutboxDepth { get; set; }
        public long? OutboxEvicted { get; set; }

        // Touched by the saver thread only.
        public long NextFileNumber { get; set; }

        /// <summary>False when <paramref name="uid"/> was seen already.</summary>
        public bool Remember(string uid, int capacity)
        {
            if (!_uids.Add(uid))
                return false;
            _uidOrder.Enqueue(uid);
            if (_uidOrder.Count > capacity)
                _uids.Remove(_uidOrder.Dequeue());
            return true;
        }

        public void Arrived(DateTimeOffset now, DateTimeOffset wallClock, TimeSpan window)
        {
            Frames++;
            LastFrameAt = now;
            LatencyMs = (now - wallClock).TotalMilliseconds;
            _arrivals.Enqueue(now);
            Trim(now, window);
        }

        public DeviceView View(DateTimeOffset now, TimeSpan window)
        {
            Trim(now, window);
            return new DeviceView(Id, Status, _arrivals.Count / window.TotalSeconds, LatencyMs, Frames, Duplicates, LastFrameAt, OutboxDepth, OutboxEvicted);
        }

        private void Trim(DateTimeOffset now, TimeSpan window)
        {
            while (_arrivals.Count > 0 && now - _arrivals.Peek() > window)
                _arrivals.Dequeue();
        }
    }
}
