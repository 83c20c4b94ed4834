using System.Text.Json;
using System.Text.Json.Nodes;

namespace GyroEdge.Messaging.Commands;

/// <summary>
/// One setting the host lets operators change at runtime through <c>cmd/set</c>. Only settings the
/// host registers exist: that list is the whitelist. Values travel as JSON numbers, strings or booleans.
/// </summary>
public sealed class RuntimeSetting
{
    private readonly Func<JsonElement, string?> _check;
    private readonly Action<JsonElement> _apply;
    private readonly Func<JsonNode?> _current;

    private RuntimeSetting(string name, string description, Func<JsonElement, string?> check, Action<JsonElement> apply, Func<JsonNode?> current)
    {
        Name = name;
        Description = description;
        _check = check;
        _apply = apply;
        _current = current;
    }

    public string Name { get; }
    public string Description { get; }

    /// <summary>An integer setting within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static RuntimeSetting WholeNumber(string name, string description, int min, int max, Func<int> get, Action<int> set) =>
        new(name, description,
            value => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max
                ? null
                : $"\"{name}\" takes a whole number from {min} to {max}; got {value.GetRawText()}.",
            value => set(value.GetInt32()),
            () => get());

    /// <summary>A number setting within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static RuntimeSetting Number(string name, string description, double min, double max, Func<double> get, Action<double> set) =>
        new(name, description,
            value => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) && number >= min && number <= max
                ? null
                : $"\"{name}\" takes a number from {min} to {max}; got {value.GetRawText()}.",
            value => set(value.GetDouble()),
            () => get());

    public static RuntimeSetting Flag(string name, string description, Func<bool> get, Action<bool> set) =>
        new(name, description,
            value => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : $"\"{name}\" takes true or false; got {value.GetRawText()}.",
            value => set(value.GetBoolean()),
            () => get());

    /// <summary>A string setting limited to <paramref name="choices"/>.</summary>
    public static RuntimeSetting Choice(string name, string description, IReadOnlyList<string> choices, Func<string> get, Action<string> set)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return new(name, description,
            value => value.ValueKind == JsonValueKind.String && choices.Contains(value.GetString()!)
                ? null
                : $"\"{name}\" takes one of {string.Join(", ", choices.Select(c => $"\"{c}\""))}; got {value.GetRawText()}.",
            value => set(value.GetString()!),
            () => get());
    }

    /// <summary>Null when <paramref name="value"/> is acceptable, else why not.</summary>
    public string? Check(JsonElement value) => _check(value);

    public void Apply(JsonElement value) => _apply(value);

    public JsonNode? Current() => _current();
}
