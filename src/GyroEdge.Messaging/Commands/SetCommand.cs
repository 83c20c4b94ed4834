using System.Text.Json;
using System.Text.Json.Nodes;

namespace GyroEdge.Messaging.Commands;

/// <summary>
/// <c>cmd/set</c>: changes whitelisted settings at runtime. Payload <c>{"settings":{"jpeg_quality":85}}</c>
/// (or <c>{"name":"jpeg_quality","value":85}</c>); every value is checked before any is applied, so
/// a request changes all of its settings or none. <c>{"settings":{}}</c> lists the settings and their values.
/// </summary>
public sealed class SetCommand : ICommandHandler
{
    private readonly Dictionary<string, RuntimeSetting> _settings = new(StringComparer.Ordinal);
    private readonly Lock _apply = new();

    public SetCommand(IEnumerable<RuntimeSetting> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var setting in settings)
        {
            if (!_settings.TryAdd(setting.Name, setting))
                throw new ArgumentException($"Runtime setting \"{setting.Name}\" is listed twice.", nameof(settings));
        }
    }

    public string Name => "set";
    public string Description => "change whitelisted settings at runtime";

    public Task<JsonNode?> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var changes = Changes(request);
        lock (_apply)
        {
            foreach (var (name, value) in changes)
            {
                if (!_settings.TryGetValue(name, out var setting))
                    throw new CommandException($"\"{name}\" cannot be set at runtime; settable: {Listing()}.");
                if (setting.Check(value) is { } problem)
                    throw new CommandException(problem);
            }
            foreach (var (name, value) in changes)
                _settings[name].Apply(value);
        }
        var values = new JsonObject();
        foreach (var (name, setting) in _settings.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            values[name] = setting.Current();
        return Task.FromResult<JsonNode?>(new JsonObject { ["applied"] = new JsonArray([.. changes.Select(c => JsonValue.Create(c.Name))]), ["settings"] = values });
    }

    private static List<(string Name, JsonElement Value)> Changes(CommandRequest request)
    {
        var changes = new List<(string, JsonElement)>();
        if (request.Payload.TryGetProperty("settings", out var settings))
        {
            if (settings.ValueKind != JsonValueKind.Object)
                throw new CommandException($"cmd/set: \"settings\" is {CommandRequest.Describe(settings.ValueKind)}; expected an object such as {{\"jpeg_quality\":85}}.");
            foreach (var member in settings.EnumerateObject())
                changes.Add((member.Name, member.Value.Clone()));
            return changes;
        }
        if (request.Payload.TryGetProperty("name", out _))
        {
            var name = request.Required("name", JsonValueKind.String).GetString()!;
            if (!request.Payload.TryGetProperty("value", out var value))
                throw new CommandException($"cmd/set: \"value\" is missing for \"{name}\".");
            changes.Add((name, value.Clone()));
            return changes;
        }
        throw new CommandException("cmd/set needs {\"settings\":{\"name\":value,...}} or {\"name\":...,\"value\":...}; {\"settings\":{}} lists what can be set.");
    }

    private string Listing() => string.Join(", ", _settings.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => $"{s.Name} ({s.Description})"));
}
