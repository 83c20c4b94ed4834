using System.Buffers;
using System.Text;
using GyroEdge.Messaging.Mosquitto;

namespace GyroEdge.Messaging.Outbox;

/// <summary>
/// Publishes the entries of an <see cref="OutboxStore"/> at QoS 1 through one
/// <see cref="MosquittoClient"/> and deletes each entry once the broker has acknowledged all of its
/// messages. A dedicated thread keeps at most <c>maxInFlightMessages</c> messages handed to
/// libmosquitto (match <see cref="MqttClientOptions.MaxInflightMessages"/>), which bounds
/// libmosquitto's otherwise uncapped memory queue during an outage: the rest waits on disk.
/// <para>
/// Guarantees. Within one process every entry is handed to libmosquitto exactly once: a message
/// that went out while disconnected (<see cref="PublishStatus.QueuedWhileDisconnected"/>) or was in
/// flight when the connection dropped stays in libmosquitto's queue, which resends it after the
/// reconnect; it is never published again from here. Across a restart (or a replaced client) every
/// entry still on disk is published again, so a message that reached the broker just before its
/// PUBACK was lost arrives twice: at least once overall, duplicates only for the entries in flight
/// at that moment. Each frame carries a unique id so consumers drop them.
/// </para>
/// Every publish on the same client must go through <see cref="PublishDirect"/>, because PUBACKs are
/// told apart by message id alone.
/// </summary>
public sealed class OutboxPublisher : IDisposable
{
    private readonly OutboxStore _store;
    private readonly MosquittoClient _client;
    private readonly int _maxInFlight;
    private readonly Lock _gate = new();
    // Message id -> entry sequence, for messages handed to libmosquitto.
    private readonly Dictionary<int, long> _entryByMessageId = [];
    // Entry sequence -> messages still to be acknowledged (+1 while its messages are being handed over).
    private readonly Dictionary<long, InFlightEntry> _entries = [];
    // PUBACKs that arrived before Publish returned their id (the callback races the caller).
    private readonly Dictionary<int, int> _early = [];
    // Ids of messages published through PublishDirect, whose PUBACKs belong to nobody here.
    private readonly HashSet<int> _direct = [];
    private readonly Dictionary<int, TaskCompletionSource<int>> _directWaiters = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Thread _thread;
    private readonly List<(byte[] Utf8, string Topic)> _topics = [];
    private volatile bool _stopping;
    private int _inFlightMessages;
    private bool _started;

    public OutboxPublisher(OutboxStore store, MosquittoClient client, int maxInFlightMessages = 20)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlightMessages, 1);
        _store = store;
        _client = client;
        _maxInFlight = maxInFlightMessages;
        _thread = new Thread(Run) { IsBackground = true, Name = "gyroedge outbox" };
        _client.PublishCompleted += OnPublishCompleted;
        _client.Connected += OnClientConnected;
        _store.EntryAppended += OnEntryAppended;
    }

    /// <summary>An entry could not be published: refused by the broker, unreadable, or the client failed. Raised on the thread that found out.</summary>
    public event EventHandler<OutboxEntryFailedEventArgs>? EntryFailed;

    /// <summary>Messages handed to libmosquitto and not yet acknowledged.</summary>
    public int InFlightMessages
    {
        get
        {
            lock (_gate)
                return _inFlightMessages;
        }
    }

    /// <summary>Starts the publishing thread; entries already on disk go first, oldest first.</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (_started)
                return;
            _started = true;
        }
        _thread.Start();
    }

    /// <summary>
    /// Publishes a message that is not an outbox entry (status, telemetry, command results) on the
    /// same client, keeping its PUBACK apart from the entries'.
    /// </summary>
    public PublishResult PublishDirect(string topic, ReadOnlySpan<byte> payload, MqttQos qos, bool retain, MqttPublishProperties? properties = null)
    {
        var result = _client.Publish(topic, payload, qos, retain, properties);
        if (result.Status != PublishStatus.DroppedWhileDisconnected)
        {
            lock (_gate)
            {
                if (!_early.Remove(result.MessageId))
                    _direct.Add(result.MessageId);
            }
        }
        return result;
    }

    /// <summary>
    /// <see cref="PublishDirect"/>, then waits for the broker's acknowledgement; returns its reason
    /// code (below 0x80: accepted). For the last words of a shutdown: the offline status.
    /// </summary>
    public async Task<int> PublishDirectAndWaitAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, TimeSpan timeout, MqttPublishProperties? properties = null)
    {
        var acknowledged = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var result = _client.Publish(topic, payload.Span, MqttQos.AtLeastOnce, retain, properties);
        lock (_gate)
        {
            if (_early.Remove(result.MessageId, out var reason))
                acknowledged.TrySetResult(reason);
            else
                _directWaiters[result.MessageId] = acknowledged;
        }
        try
        {
            return await acknowledged.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
                _directWaiters.Remove(result.MessageId);
        }
    }

    /// <summary>
    /// Stops the publishing thread and stops listening to the client. Entries handed to the client
    /// and not yet acknowledged are returned to the store's queue: dispose the client with this
    /// publisher (a new publisher publishes them again, at least once).
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
                return;
            _stopping = true;
        }
        _wake.Release();
        if (_thread.IsAlive && Thread.CurrentThread != _thread)
            _thread.Join();
        _client.PublishCompleted -= OnPublishCompleted;
        _client.Connected -= OnClientConnected;
        _store.EntryAppended -= OnEntryAppended;
        lock (_gate)
        {
            _entryByMessageId.Clear();
            _entries.Clear();
            _early.Clear();
            _direct.Clear();
            _inFlightMessages = 0;
        }
        _store.ReturnHanded();
        _wake.Dispose();
    }

    private void OnEntryAppended(object? sender, EventArgs e) => Wake();

    private void OnClientConnected(object? sender, MqttConnectedEventArgs e) => Wake();

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
            // Disposed: nothing left to wake.
        }
    }

    private void Run()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        using var properties = new MqttPropertyWriter();
        try
        {
            while (!_stopping)
            {
                if (!TryPublishNext(ref buffer, properties))
                    _wake.Wait();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool TryPublishNext(ref byte[] buffer, MqttPropertyWriter properties)
    {
        lock (_gate)
        {
            if (_stopping || _inFlightMessages >= _maxInFlight)
                return false;
        }
        // Entries wait on disk until the broker has accepted the connection (woken by Connected).
        // Handing them to libmosquitto 2.0.11 while its connect is still under way could put a
        // PUBLISH on the wire before CONNECT, and the broker drops such a connection (seen as
        // "closed before the broker answered CONNECT" when a restarted device had a backlog);
        // waiting on disk also keeps them under the outbox's byte budget during an outage.
        if (!_client.IsConnected)
            return false;
        if (!_store.TryTakeNext(out var sequence, out var length))
            return false;
        if (buffer.Length < length)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(length);
        }

        OutboxEntryReader reader;
        try
        {
            _store.Read(sequence, buffer.AsSpan(0, length));
            reader = new OutboxEntryReader(buffer.AsSpan(0, length));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            _store.Complete(sequence, OutboxOutcome.Damaged);
            Report(sequence, $"entry {sequence} could not be read back and was deleted: {e.Message}", e);
            return true;
        }

        lock (_gate)
        {
            // The extra count holds the entry open until all of its messages are handed over, so an
            // early PUBACK of the first cannot complete it while the second is still to be sent.
            _entries[sequence] = new InFlightEntry(reader.MessageCount + 1, Abandoned: false);
            _inFlightMessages += reader.MessageCount;
        }
        var handedOver = 0;
        while (reader.TryReadNext(out var message))
        {
            PublishResult result;
            try
            {
                properties.Clear();
                if (!message.ContentType.IsEmpty)
                    properties.SetContentType(message.ContentType);
                if (message.PayloadIsUtf8)
                    properties.SetPayloadIsUtf8();
                foreach (var property in message.UserProperties)
                    properties.AddUserProperty(property.Name, property.Value);
                result = _client.Publish(TopicOf(message.Topic), message.Payload, MqttQos.AtLeastOnce, message.Retain, properties);
            }
            catch (Exception e) when (e is MqttException or ArgumentException or ObjectDisposedException)
            {
                Abandon(sequence, reader.MessageCount - handedOver, handedOver, e);
                return !_stopping;
            }
            handedOver++;
            int? earlyReason = null;
            lock (_gate)
            {
                if (_early.Remove(result.MessageId, out var reason))
                    earlyReason = reason;
                else
                    _entryByMessageId[result.MessageId] = sequence;
            }
            if (earlyReason is { } code)
                Count(sequence, acknowledgedReason: code);
        }
        Count(sequence, acknowledgedReason: null);
        return true;
    }

    // A publish threw part-way through an entry. Nothing handed over: the entry cannot be published
    // (too big for this broker, invalid property) and is dropped, counted. Part handed over: that part
    // stays with libmosquitto and the file stays on disk for the next start (at least once).
    private void Abandon(long sequence, int notSent, int handedOver, Exception error)
    {
        if (error is ObjectDisposedException || _stopping)
            return;
        if (handedOver == 0)
        {
            lock (_gate)
            {
                _entries.Remove(sequence);
                _inFlightMessages -= notSent;
            }
            var outcome = error is MqttException { ErrorCode: MosquittoErrorCode.OversizePacket } ? OutboxOutcome.Rejected : OutboxOutcome.Damaged;
            _store.Complete(sequence, outcome);
            Report(sequence, $"entry {sequence} could not be published and was dropped: {error.Message}", error);
            return;
        }
        lock (_gate)
        {
            _inFlightMessages -= notSent;
            var entry = _entries[sequence];
            _entries[sequence] = entry with { Remaining = entry.Remaining - notSent, Abandoned = true };
        }
        Report(sequence, $"entry {sequence} was handed to libmosquitto only in part ({handedOver} messages); it stays on disk and is published again at the next start: {error.Message}", error);
        Count(sequence, acknowledgedReason: null);
    }

    private void OnPublishCompleted(object? sender, MqttPublishCompletedEventArgs e)
    {
        long sequence;
        lock (_gate)
        {
            if (!_entryByMessageId.Remove(e.MessageId, out sequence))
            {
                if (_directWaiters.Remove(e.MessageId, out var waiter))
                    waiter.TrySetResult(e.ReasonCode);
                else if (!_direct.Remove(e.MessageId))
                    _early[e.MessageId] = e.ReasonCode;
                return;
            }
        }
        Count(sequence, e.ReasonCode);
    }

    // One message of the entry acknowledged (with the broker's reason code), or, with null, the
    // publishing thread's hold released. The last count ends the entry.
    private void Count(long sequence, int? acknowledgedReason)
    {
        InFlightEntry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(sequence, out entry))
                return;
            entry = entry with
            {
                Remaining = entry.Remaining - 1,
                RefusedReason = acknowledgedReason is >= 0x80 ? acknowledgedReason.Value : entry.RefusedReason,
            };
            if (acknowledgedReason is not null)
                _inFlightMessages--;
            if (entry.Remaining > 0)
                _entries[sequence] = entry;
            else
                _entries.Remove(sequence);
        }
        if (acknowledgedReason is not null)
            Wake();
        if (entry.Remaining > 0)
            return;
        if (entry.Abandoned)
        {
            _store.Forget(sequence);
            return;
        }
        if (entry.RefusedReason is { } refused)
        {
            _store.Complete(sequence, OutboxOutcome.Rejected);
            Report(sequence, $"the broker refused entry {sequence} (PUBACK reason {refused}, {ReasonText(refused)}); it was deleted, since sending it again cannot help. Check the broker's ACL for this device's topics.", null);
            return;
        }
        _store.Complete(sequence, OutboxOutcome.Acknowledged);
    }

    private static string ReasonText(int reason) => reason switch
    {
        0x80 => "unspecified error",
        0x83 => "implementation specific error",
        0x87 => "not authorized",
        0x90 => "topic name invalid",
        0x97 => "quota exceeded",
        0x99 => "payload format invalid",
        _ => "refused",
    };

    private string TopicOf(ReadOnlySpan<byte> utf8)
    {
        // A device publishes to a handful of topics: a short list beats hashing, and allocates nothing once seen.
        foreach (var (bytes, topic) in _topics)
        {
            if (utf8.SequenceEqual(bytes))
                return topic;
        }
        var created = Encoding.UTF8.GetString(utf8);
        if (_topics.Count < 64)
            _topics.Add((utf8.ToArray(), created));
        return created;
    }

    private void Report(long sequence, string message, Exception? exception)
    {
        try
        {
            EntryFailed?.Invoke(this, new OutboxEntryFailedEventArgs(sequence, message, exception));
        }
        catch (Exception)
        {
            // A failing observer must not stop the outbox; the counters still tell the story.
        }
    }

    private readonly record struct InFlightEntry(int Remaining, bool Abandoned, int? RefusedReason = null);
}

/// <summary>An outbox entry could not be published as it should.</summary>
public sealed class OutboxEntryFailedEventArgs(long sequence, string message, Exception? exception) : EventArgs
{
    public long Sequence { get; } = sequence;
    public string Message { get; } = message;
    public Exception? Exception { get; } = exception;
}
