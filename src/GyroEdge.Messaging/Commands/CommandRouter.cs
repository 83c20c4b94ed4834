using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Mosquitto;

namespace GyroEdge.Messaging.Commands;

/// <summary>
/// Receives <c>gyroedge/v1/{device}/cmd/{name}</c> requests, runs the registered handler on a worker
/// task (never on the network thread) and publishes <c>{"ok":true,"result":...}</c> or
/// <c>{"ok":false,"error":"..."}</c> with the request's correlation data, to the request's response
/// topic when it lies under <c>cmd/{name}/result</c>, else to <c>cmd/{name}/result</c> itself. A JSON
/// "id" member of the request is echoed, for MQTT 3.1.1 requesters without correlation data. No
/// request, however malformed, ends the device: every failure becomes an error response.
/// </summary>
public sealed class CommandRouter : IDisposable
{
    private const int QueueLength = 64;
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    private readonly DeviceTopics _topics;
    private readonly Func<string, byte[], MqttPublishProperties, PublishResult> _publish;
    private readonly Dictionary<string, ICommandHandler> _handlers = new(StringComparer.Ordinal);
    private readonly Channel<MqttReceivedMessage> _queue = Channel.CreateBounded<MqttReceivedMessage>(
        new BoundedChannelOptions(QueueLength) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _stop = new();
    private Task? _worker;
    private long _handled;
    private long _failed;

    /// <param name="topics">The device's topics.</param>
    /// <param name="publish">Publishes a response (topic, JSON payload, properties), e.g. through OutboxPublisher.PublishDirect.</param>
    public CommandRouter(DeviceTopics topics, Func<string, byte[], MqttPublishProperties, PublishResult> publish)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(publish);
        _topics = topics;
        _publish = publish;
    }

    /// <summary>A handler threw something other than <see cref="CommandException"/> (a bug); the requester got an internal error.</summary>
    public event EventHandler<CommandFailedEventArgs>? HandlerFailed;

    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>Requests answered with an error (malformed, unknown, refused or failed).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public IReadOnlyCollection<string> Names
    {
        get
        {
            lock (_handlers)
                return [.. _handlers.Keys.Order(StringComparer.Ordinal)];
        }
    }

    public void Register(ICommandHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!IsCommandName(handler.Name))
            throw new ArgumentException($"Command name \"{handler.Name}\" is not one topic level of lower-case letters, digits and '-', e.g. \"model-update\".", nameof(handler));
        lock (_handlers)
        {
            if (!_handlers.TryAdd(handler.Name, handler))
                throw new ArgumentException($"A handler for cmd/{handler.Name} is registered already; one handler per command.", nameof(handler));
        }
    }

    /// <summary>
    /// Takes a message from the client's MessageReceived (on the network thread: it only queues).
    /// Returns false when the topic is not one of this device's commands.
    /// </summary>
    public bool Accept(MqttReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsRequestTopic(message.Topic, out _))
            return false;
        EnsureWorker();
        if (!_queue.Writer.TryWrite(message))
        {
            // Answered here rather than queued without bound: a flood of commands must not grow memory.
            Interlocked.Increment(ref _failed);
            Respond(message, CommandName(message.Topic), null, $"the device has {QueueLength} commands waiting already; send this one again later.");
        }
        return true;
    }

    /// <summary>Handles one request now, on the caller's thread, and publishes its response (tests and the worker).</summary>
    public async Task HandleAsync(MqttReceivedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var name = CommandName(message.Topic);
        JsonNode? result = null;
        string? error = null;
        try
        {
            var request = Parse(name, message);
            ICommandHandler? handler;
            lock (_handlers)
                _handlers.TryGetValue(name, out handler);
            if (handler is null)
                throw new CommandException($"there is no command \"{name}\"; this device knows {string.Join(", ", Names)}.");
            result = await handler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandException e)
        {
            error = e.Message;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error = "the device is shutting down; send the command again once it is back online.";
        }
        catch (Exception e)
        {
            error = $"internal error in cmd/{name}: {e.GetType().Name}: {e.Message}. The device keeps running; this is a bug to report.";
            try
            {
                HandlerFailed?.Invoke(this, new CommandFailedEventArgs(name, e));
            }
            catch (Exception)
            {
                // An observer failing must not turn into a missing response.
            }
        }
        Interlocked.Increment(ref error is null ? ref _handled : ref _failed);
        Respond(message, name, result, error);
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stop.Cancel();
        try
        {
            _worker?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The worker ends by cancellation; nothing to report.
        }
        _stop.Dispose();
    }

    private void EnsureWorker()
    {
        if (_worker is not null)
            return;
        lock (_handlers)
            _worker ??= Task.Run(WorkAsync);
    }

    private async Task WorkAsync()
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
                await HandleAsync(message, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private static CommandRequest Parse(string name, MqttReceivedMessage message)
    {
        var payload = message.Payload.IsEmpty ? EmptyObject : message.Payload.ToArray();
        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(payload);
            json = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CommandException($"the payload of cmd/{name} is not JSON ({e.Message}); send a JSON object, e.g. {{}}.", e);
        }
        if (json.ValueKind != JsonValueKind.Object)
            throw new CommandException($"the payload of cmd/{name} is {CommandRequest.Describe(json.ValueKind)}; send a JSON object, e.g. {{}}.");
        return new CommandRequest(name, json, message.Properties.CorrelationData);
    }

    private void Respond(MqttReceivedMessage request, string name, JsonNode? result, string? error)
    {
        var response = new JsonObject { ["ok"] = error is null, ["command"] = name };
        if (RequestId(request.Payload.Span) is { } id)
            response["id"] = id;
        if (error is null)
            response["result"] = result;
        else
            response["error"] = error;
        var topic = ResponseTopic(name, request.Properties.ResponseTopic);
        var properties = new MqttPublishProperties
        {
            ContentType = "application/json",
            PayloadIsUtf8 = true,
            CorrelationData = request.Properties.CorrelationData,
        };
        try
        {
            _publish(topic, JsonSerializer.SerializeToUtf8Bytes(response), properties);
        }
        catch (Exception e) when (e is MqttException or ObjectDisposedException or ArgumentException)
        {
            // The requester times out; the device must not fall over because an answer could not go out.
            HandlerFailed?.Invoke(this, new CommandFailedEventArgs(name, e));
        }
    }

    /// <summary>The request's response topic when it is this command's result topic or below it; otherwise the default.</summary>
    private string ResponseTopic(string name, string? requested)
    {
        var result = _topics.CommandResult(name);
        if (requested is null)
            return result;
        // Anything else could point the device at its own command topics (a loop) or at topics the
        // broker's ACL does not let it write to (a silently lost answer).
        return requested == result || (requested.StartsWith(result, StringComparison.Ordinal) && requested[result.Length] == '/') ? requested : result;
    }

    private static JsonNode? RequestId(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                return JsonNode.Parse(id.GetRawText());
            }
        }
        catch (JsonException)
        {
            // No id in a payload that is not JSON; the error response says so.
        }
        return null;
    }

    private bool IsRequestTopic(string topic, out string name)
    {
        name = "";
        if (!topic.StartsWith(_topics.CommandPrefix, StringComparison.Ordinal))
            return false;
        var rest = topic.AsSpan(_topics.CommandPrefix.Length);
        if (rest.IsEmpty || rest.Contains('/'))
            return false;
        name = rest.ToString();
        return true;
    }

    private string CommandName(string topic) => IsRequestTopic(topic, out var name) ? name : topic;

    private static bool IsCommandName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64)
            return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                return false;
        }
        return true;
    }
}

/// <summary>A command handler failed with an unexpected exception (reported as an internal error).</summary>
public sealed class CommandFailedEventArgs(string command, Exception exception) : EventArgs
{
    public string Command { get; } = command;
    public Exception Exception { get; } = exception;
}
