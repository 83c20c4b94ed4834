using System.Globalization;

namespace GyroEdge.Host.Tests.Deployment;

/// <summary>One node of a device tree: its full path and its properties as dtc prints them.</summary>
internal sealed class DeviceTreeNode(string path)
{
    public string Path { get; } = path;

    /// <summary>Property name to its value as dtc prints it (`"text"`, `<0x01 0x02>`), "" for an empty property.</summary>
    public Dictionary<string, string> Properties { get; } = new(StringComparer.Ordinal);

    public bool Has(string property) => Properties.ContainsKey(property);

    /// <summary>The strings of a string or string-list property (`"a\0b"` is two strings).</summary>
    public IReadOnlyList<string> Strings(string property)
    {
        var raw = Value(property);
        if (raw.Length < 2 || raw[0] != '"' || raw[^1] != '"')
            throw new InvalidOperationException($"{Path}: {property} = {raw} is not a string property.");
        return raw[1..^1].Split("\\0");
    }

    public string String(string property) =>
        Strings(property) is [var single] ? single : throw new InvalidOperationException($"{Path}: {property} holds several strings.");

    /// <summary>The single 32-bit cell of a `<...>` property.</summary>
    public uint Cell(string property)
    {
        var raw = Value(property);
        if (raw.Length < 3 || raw[0] != '<' || raw[^1] != '>' || raw[1..^1].Trim().Contains(' ', StringComparison.Ordinal))
            throw new InvalidOperationException($"{Path}: {property} = {raw} is not a single cell.");
        var cell = raw[1..^1].Trim();
        return cell.StartsWith("0x", StringComparison.Ordinal)
            ? uint.Parse(cell.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : uint.Parse(cell, CultureInfo.InvariantCulture);
    }

    private string Value(string property) =>
        Properties.TryGetValue(property, out var raw) ? raw : throw new KeyNotFoundException($"{Path} has no property {property}.");
}

/// <summary>
/// A device tree in the canonical text dtc writes when it decompiles a blob
/// (`dtc -I dtb -O dts`): one node or property per line, nodes closed by `};`.
/// </summary>
internal sealed class DeviceTreeSource
{
    private readonly Dictionary<string, DeviceTreeNode> _nodes;

    private DeviceTreeSource(Dictionary<string, DeviceTreeNode> nodes) => _nodes = nodes;

    public IEnumerable<DeviceTreeNode> Nodes => _nodes.Values;

    public DeviceTreeNode this[string path] =>
        _nodes.TryGetValue(path, out var node)
            ? node
            : throw new KeyNotFoundException($"No node {path}; nodes: {string.Join(", ", _nodes.Keys)}");

    public bool Contains(string path) => _nodes.ContainsKey(path);

    public static DeviceTreeSource Parse(string text)
    {
        var nodes = new Dictionary<string, DeviceTreeNode>(StringComparer.Ordinal);
        var stack = new Stack<DeviceTreeNode>();
        var number = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            number++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line == "/dts-v1/;" || line.StartsWith("/memreserve/", StringComparison.Ordinal))
                continue;
            if (line.EndsWith('{'))
            {
                var name = line[..^1].Trim();
                var path = stack.Count == 0 ? "/" : (stack.Peek().Path == "/" ? "/" : stack.Peek().Path + "/") + name;
                var node = new DeviceTreeNode(path);
                nodes[path] = node;
                stack.Push(node);
            }
            else if (line == "};")
            {
                if (stack.Count == 0)
                    throw new FormatException($"line {number}: '}};' closes no node.");
                stack.Pop();
            }
            else if (line.EndsWith(';') && stack.Count > 0)
            {
                var body = line[..^1];
                var equals = body.IndexOf(" = ", StringComparison.Ordinal);
                if (equals < 0)
                    stack.Peek().Properties[body] = "";
                else
                    stack.Peek().Properties[body[..equals]] = body[(equals + 3)..];
            }
            else
            {
                throw new FormatException($"line {number}: '{line}' is not dtc's canonical output.");
            }
        }
        if (stack.Count != 0)
            throw new FormatException($"{stack.Peek().Path} is never closed.");
        return new DeviceTreeSource(nodes);
    }
}
