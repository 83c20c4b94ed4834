using System.Text.Json;

namespace GyroEdge.Messaging.Commands;

/// <summary>A command as it arrived: its name, its JSON payload and the request/response properties.</summary>
public sealed class CommandRequest
{
    internal CommandRequest(string name, JsonElement payload, ReadOnlyMemory<byte> correlationData)
    {
        Name = name;
        Payload = payload;
        CorrelationData = correlationData;
    }

    public string Name { get; }

    /// <summary>The payload as JSON; an empty payload arrives as an empty object.</summary>
    public JsonElement Payload { get; }

    /// <summary>MQTT 5 correlation data of the request, echoed in the response.</summary>
    public ReadOnlyMemory<byte> CorrelationData { get; }

    /// <summary>The payload's <paramref name="name"/> member, or a <see cref="CommandException"/> naming what is missing.</summary>
    public JsonElement Required(string name, JsonValueKind kind)
    {
        if (!Payload.TryGetProperty(name, out var value))
            throw new CommandException($"cmd/{Name} needs \"{name}\" ({Describe(kind)}) in its JSON payload.");
        if (value.ValueKind != kind && !(kind == JsonValueKind.True && value.ValueKind == JsonValueKind.False))
            throw new CommandException($"cmd/{Name}: \"{name}\" is {Describe(value.ValueKind)}; expected {Describe(kind)}.");
        return value;
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
