using System.Text;

namespace GyroEdge.Host.Health.Metrics;

/// <summary>
/// The metrics the pipeline updates and /metrics renders in the Prometheus text exposition
/// format 0.0.4 (one HELP and TYPE line per metric name, then its series). Series are created
/// once at start with their label sets; updating them allocates nothing.
/// </summary>
public sealed class MetricsRegistry
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Lock _gate = new();
    private readonly List<Family> _families = [];

    public Counter Counter(string name, string help, params KeyValuePair<string, string>[] labels) =>
        Add(name, help, "counter", labels, rendered => new Counter(rendered));

    public Gauge Gauge(string name, string help, params KeyValuePair<string, string>[] labels) =>
        Add(name, help, "gauge", labels, rendered => new Gauge(rendered));

    /// <param name="bounds">Bucket upper bounds, increasing; +Inf is added.</param>
    public Histogram Histogram(string name, string help, double[] bounds, params KeyValuePair<string, string>[] labels)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        if (bounds.Length == 0 || bounds.Zip(bounds.Skip(1)).Any(p => p.First >= p.Second) || bounds.Any(b => !double.IsFinite(b)))
            throw new ArgumentException($"Histogram {name}: bucket bounds must be finite and strictly increasing.", nameof(bounds));
        if (labels.Any(l => l.Key == "le"))
            throw new ArgumentException($"Histogram {name}: 'le' is reserved for the bucket bound.", nameof(labels));
        return Add(name, help, "histogram", labels, rendered => new Histogram(rendered, labels, [.. bounds]));
    }

    /// <summary>An info-style gauge named <paramref name="name"/> (by convention ending in _info).</summary>
    public Info Info(string name, string help, params KeyValuePair<string, string>[] labels) =>
        Add(name, help, "gauge", labels, rendered => new Info(rendered));

    /// <summary>The whole exposition, ending in a line feed.</summary>
    public string Render()
    {
        var text = new StringBuilder(4096);
        lock (_gate)
        {
            foreach (var family in _families)
            {
                text.Append("# HELP ").Append(family.Name).Append(' ').Append(MetricLabels.EscapeHelp(family.Help)).Append('\n');
                text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
                foreach (var series in family.Series)
                    series.WriteSamples(text, family.Name);
            }
        }
        return text.ToString();
    }

    internal static void CheckName(string name, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var ok = (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        if (!ok || (what == "label" && name.StartsWith("__", StringComparison.Ordinal)))
            throw new ArgumentException($"'{name}' is not a valid Prometheus {what} name: [a-zA-Z_][a-zA-Z0-9_]*{(what == "label" ? ", not starting with __" : "")}.", nameof(name));
    }

    private T Add<T>(string name, string help, string type, KeyValuePair<string, string>[] labels, Func<string, T> create)
        where T : MetricSeries
    {
        CheckName(name, "metric");
        ArgumentNullException.ThrowIfNull(help);
        var rendered = MetricLabels.Render(labels);
        lock (_gate)
        {
            var family = _families.Find(f => f.Name == name);
            if (family is null)
            {
                family = new Family(name, help, type);
                _families.Add(family);
            }
            else if (family.Type != type)
            {
                throw new ArgumentException($"Metric {name} is already a {family.Type}; one name has one type.", nameof(name));
            }
            if (family.Series.Any(s => s.Labels == rendered))
                throw new ArgumentException($"Metric {name}{rendered} is already registered; keep the series returned the first time.", nameof(labels));
            var series = create(rendered);
            family.Series.Add(series);
            return series;
        }
    }

    private sealed record Family(string Name, string Help, string Type)
    {
        public List<MetricSeries> Series { get; } = [];
    }
}
