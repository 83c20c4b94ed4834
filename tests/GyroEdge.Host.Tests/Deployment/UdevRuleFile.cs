using System.Text.RegularExpressions;

namespace GyroEdge.Host.Tests.Deployment;

/// <summary>One `KEY{attribute}op"value"` pair of a udev rule.</summary>
internal sealed record UdevPair(string Key, string? Attribute, string Operator, string Value)
{
    public bool IsMatch => Operator is "==" or "!=";
}

/// <summary>One rule: the pairs of one logical line (continuations joined), and its first line number.</summary>
internal sealed record UdevRule(int Line, IReadOnlyList<UdevPair> Pairs)
{
    public string? Matched(string key) => Pairs.FirstOrDefault(p => p.Key == key && p.Operator == "==")?.Value;

    public string? Assigned(string key) => Pairs.FirstOrDefault(p => p.Key == key && !p.IsMatch)?.Value;
}

/// <summary>
/// A udev rules file checked against udev(7): every rule is comma-separated pairs of a known key,
/// an operator the key allows (match keys take == and !=, assignment-only keys =, +=, -=, :=) and a
/// double-quoted value. udevd skips a malformed rule with a log line nobody reads, and the node keeps
/// root-only permissions, so here a malformed rule is a <see cref="FormatException"/>.
/// </summary>
internal static partial class UdevRuleFile
{
    /// <summary>Keys that only match (udev(7), "Keys used for matching").</summary>
    private static readonly HashSet<string> MatchOnlyKeys = new(StringComparer.Ordinal)
    {
        "ACTION", "DEVPATH", "KERNEL", "SUBSYSTEM", "DRIVER", "KERNELS", "SUBSYSTEMS", "DRIVERS",
        "ATTRS", "TAGS", "TEST", "PROGRAM", "RESULT", "CONST",
    };

    /// <summary>Keys that only assign.</summary>
    private static readonly HashSet<string> AssignOnlyKeys = new(StringComparer.Ordinal)
    {
        "OWNER", "GROUP", "MODE", "SECLABEL", "RUN", "LABEL", "GOTO", "IMPORT", "OPTIONS",
    };

    /// <summary>Keys that do both, depending on the operator.</summary>
    private static readonly HashSet<string> MatchOrAssignKeys = new(StringComparer.Ordinal)
    {
        "NAME", "SYMLINK", "ATTR", "SYSCTL", "ENV", "TAG",
    };

    /// <summary>Keys written with a {attribute} part.</summary>
    private static readonly HashSet<string> AttributeKeys = new(StringComparer.Ordinal)
    {
        "ATTR", "ATTRS", "SYSCTL", "ENV", "TEST", "SECLABEL", "RUN", "IMPORT", "CONST",
    };

    public static IReadOnlyList<UdevRule> Load(string path) => Parse(File.ReadAllText(path));

    public static IReadOnlyList<UdevRule> Parse(string text)
    {
        var rules = new List<UdevRule>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].Trim();
            while (line.EndsWith('\\') && i + 1 < lines.Length)
                line = line[..^1].TrimEnd() + " " + lines[++i].Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            rules.Add(new UdevRule(number, ParseRule(line, number)));
        }
        return rules;
    }

    private static List<UdevPair> ParseRule(string line, int number)
    {
        var pairs = new List<UdevPair>();
        var position = 0;
        while (position < line.Length)
        {
            var match = Pair().Match(line, position);
            if (!match.Success || match.Index != position)
                throw new FormatException($"line {number}: cannot read a KEY op \"value\" pair at '{line[position..]}'.");
            var key = match.Groups["key"].Value;
            var attribute = match.Groups["attr"].Success ? match.Groups["attr"].Value : null;
            var op = match.Groups["op"].Value;
            var pair = new UdevPair(key, attribute, op, match.Groups["value"].Value);
            Check(pair, number);
            pairs.Add(pair);
            position = match.Index + match.Length;
        }
        if (!pairs.Any(p => p.IsMatch))
            throw new FormatException($"line {number}: the rule matches nothing, so its assignments would apply to every device.");
        return pairs;
    }

    private static void Check(UdevPair pair, int number)
    {
        var known = MatchOnlyKeys.Contains(pair.Key) || AssignOnlyKeys.Contains(pair.Key) || MatchOrAssignKeys.Contains(pair.Key);
        if (!known)
            throw new FormatException($"line {number}: {pair.Key} is not a udev key.");
        if (AttributeKeys.Contains(pair.Key) != (pair.Attribute is not null) && pair.Key is not ("RUN" or "IMPORT"))
            throw new FormatException($"line {number}: {pair.Key} {(pair.Attribute is null ? "needs" : "takes no")} a {{attribute}}.");
        if (MatchOnlyKeys.Contains(pair.Key) && !pair.IsMatch)
            throw new FormatException($"line {number}: {pair.Key} only matches; '{pair.Operator}' would be ignored (use ==).");
        if (AssignOnlyKeys.Contains(pair.Key) && pair.IsMatch)
            throw new FormatException($"line {number}: {pair.Key} only assigns; '{pair.Operator}' never matches (use =).");
        if (pair.Key == "MODE" && !OctalMode().IsMatch(pair.Value))
            throw new FormatException($"line {number}: MODE=\"{pair.Value}\" is not an octal mode such as 0660.");
    }

    /// <summary>
    /// udev's pattern match for KERNEL, SUBSYSTEM and friends: `*`, `?`, `[...]` (ranges, `!` to
    /// negate) and `|` between alternatives.
    /// </summary>
    public static bool PatternMatches(string pattern, string value) =>
        pattern.Split('|').Any(alternative => Glob(alternative, 0, value, 0));

    private static bool Glob(string pattern, int p, string value, int v)
    {
        while (p < pattern.Length)
        {
            switch (pattern[p])
            {
                case '*':
                    for (var rest = v; rest <= value.Length; rest++)
                    {
                        if (Glob(pattern, p + 1, value, rest))
                            return true;
                    }
                    return false;
                case '?':
                    if (v >= value.Length)
                        return false;
                    p++;
                    v++;
                    break;
                case '[':
                    var close = pattern.IndexOf(']', p + 1);
                    if (close < 0 || v >= value.Length)
                        return false;
                    var set = pattern[(p + 1)..close];
                    var negate = set.StartsWith('!');
                    if (negate)
                        set = set[1..];
                    var inSet = false;
                    for (var i = 0; i < set.Length; i++)
                    {
                        if (i + 2 < set.Length && set[i + 1] == '-')
                        {
                            inSet |= value[v] >= set[i] && value[v] <= set[i + 2];
                            i += 2;
                        }
                        else
                        {
                            inSet |= value[v] == set[i];
                        }
                    }
                    if (inSet == negate)
                        return false;
                    p = close + 1;
                    v++;
                    break;
                default:
                    if (v >= value.Length || value[v] != pattern[p])
                        return false;
                    p++;
                    v++;
                    break;
            }
        }
        return v == value.Length;
    }

    [GeneratedRegex("""\s*(?<key>[A-Z_]+)(?:\{(?<attr>[^}]*)\})?\s*(?<op>==|!=|\+=|-=|:=|=)\s*"(?<value>(?:[^"\\]|\\.)*)"\s*(?:,|$)""")]
    private static partial Regex Pair();

    [GeneratedRegex("^0?[0-7]{3}$")]
    private static partial Regex OctalMode();
}
