using System.Globalization;
using System.Text.RegularExpressions;

namespace GyroEdge.Host.Tests.Deployment;

/// <summary>One `Key=Value` line of a unit file, with the section it is in and its line number.</summary>
internal sealed record UnitDirective(string Section, string Key, string Value, int Line);

/// <summary>
/// A systemd unit file read the way systemd.syntax(7) describes it: `[Section]` headers,
/// `Key=Value` lines, `#` and `;` comments, a trailing backslash continuing a line. Anything else
/// is a <see cref="FormatException"/> naming the line, which is what systemd would ignore with a
/// warning and an integrator would never notice.
/// </summary>
internal sealed partial class SystemdUnitFile
{
    private SystemdUnitFile(IReadOnlyList<UnitDirective> directives) => Directives = directives;

    public IReadOnlyList<UnitDirective> Directives { get; }

    public static SystemdUnitFile Load(string path) => Parse(File.ReadAllText(path));

    public static SystemdUnitFile Parse(string text)
    {
        var directives = new List<UnitDirective>();
        string? section = null;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].Trim();
            while (line.EndsWith('\\') && i + 1 < lines.Length)
                line = line[..^1] + " " + lines[++i].Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
                continue;
            if (line[0] == '[')
            {
                var header = SectionHeader().Match(line);
                if (!header.Success)
                    throw new FormatException($"line {number}: '{line}' is not a [Section] header.");
                section = header.Groups[1].Value;
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new FormatException($"line {number}: '{line}' is neither a comment, a [Section] header nor Key=Value.");
            if (section is null)
                throw new FormatException($"line {number}: '{line}' comes before any [Section] header.");
            var key = line[..equals].Trim();
            if (!KeyName().IsMatch(key))
                throw new FormatException($"line {number}: '{key}' is not a directive name (letters and digits, starting with a capital).");
            directives.Add(new UnitDirective(section, key, line[(equals + 1)..].Trim(), number));
        }
        return new SystemdUnitFile(directives);
    }

    public IEnumerable<string> Sections => Directives.Select(d => d.Section).Distinct(StringComparer.Ordinal);

    /// <summary>Every value assigned to <paramref name="key"/> in <paramref name="section"/>, in file order.</summary>
    public IReadOnlyList<string> All(string section, string key) =>
        Directives.Where(d => d.Section == section && d.Key == key).Select(d => d.Value).ToList();

    /// <summary>The value of a directive that must be set exactly once.</summary>
    public string Single(string section, string key)
    {
        var values = All(section, key);
        return values.Count == 1
            ? values[0]
            : throw new InvalidOperationException($"[{section}] {key}= is set {values.Count} times; expected exactly once.");
    }

    /// <summary>The space-separated words of every assignment of a list directive, together.</summary>
    public IReadOnlyList<string> Words(string section, string key) =>
        All(section, key).SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

    /// <summary>A time span as systemd.time(7) reads it: a bare number is seconds; units us, ms, s, min, h.</summary>
    public static TimeSpan ParseTimeSpan(string value)
    {
        var total = TimeSpan.Zero;
        var matched = 0;
        foreach (Match part in TimeSpanPart().Matches(value))
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "" or "s" or "sec" or "second" or "seconds" => TimeSpan.FromSeconds(amount),
                "ms" or "msec" => TimeSpan.FromMilliseconds(amount),
                "us" or "usec" => TimeSpan.FromMicroseconds(amount),
                "m" or "min" or "minute" or "minutes" => TimeSpan.FromMinutes(amount),
                "h" or "hr" or "hour" or "hours" => TimeSpan.FromHours(amount),
                var unit => throw new FormatException($"'{value}': unknown time unit '{unit}'."),
            };
            matched += part.Value.Replace(" ", "", StringComparison.Ordinal).Length;
        }
        return matched > 0 && matched == value.Replace(" ", "", StringComparison.Ordinal).Length
            ? total
            : throw new FormatException($"'{value}' is not a systemd time span.");
    }

    [GeneratedRegex(@"^\[([A-Za-z][A-Za-z0-9-]*)\]$")]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex KeyName();

    [GeneratedRegex(@"\s*([0-9]+(?:\.[0-9]+)?)\s*([a-z]*)")]
    private static partial Regex TimeSpanPart();
}
