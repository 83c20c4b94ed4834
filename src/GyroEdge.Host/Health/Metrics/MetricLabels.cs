using System.Text;

namespace GyroEdge.Host.Health.Metrics;

/// <summary>
/// Label sets and the text escapes of the Prometheus exposition format 0.0.4: in a label value
/// backslash, double quote and line feed become \\, \" and \n; in HELP text backslash and line feed.
/// </summary>
public static class MetricLabels
{
    /// <summary>Renders <c>{a="x",b="y"}</c> (empty for no labels), validating names against [a-zA-Z_][a-zA-Z0-9_]*.</summary>
    public static string Render(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0)
            return "";
        var text = new StringBuilder("{");
        for (var i = 0; i < labels.Count; i++)
        {
            MetricsRegistry.CheckName(labels[i].Key, "label");
            if (i > 0)
                text.Append(',');
            text.Append(labels[i].Key).Append("=\"").Append(EscapeLabelValue(labels[i].Value)).Append('"');
        }
        return text.Append('}').ToString();
    }

    public static string EscapeLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    public static string EscapeHelp(string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        return help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }
}
