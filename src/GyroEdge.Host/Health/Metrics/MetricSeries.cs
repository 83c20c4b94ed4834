using System.Globalization;
using System.Text;

namespace GyroEdge.Host.Health.Metrics;

/// <summary>One time series: a metric name with one fixed label set. Updates never allocate.</summary>
public abstract class MetricSeries
{
    private protected MetricSeries(string labels) => Labels = labels;

    /// <summary>The rendered label set, <c>{stage="inference"}</c> or empty.</summary>
    public string Labels { get; private protected set; }

    internal abstract void WriteSamples(StringBuilder text, string name);

    internal static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Adds to a double held as its bits, without a lock (compare-and-swap).</summary>
    internal static void Add(ref long bits, double amount)
    {
        long seen, next;
        do
        {
            seen = Volatile.Read(ref bits);
            next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + amount);
        }
        while (Interlocked.CompareExchange(ref bits, next, seen) != seen);
    }
}

/// <summary>A count that only goes up (frames in, samples lost).</summary>
public sealed class Counter : MetricSeries
{
    private long _value;

    internal Counter(string labels) : base(labels) { }

    public long Value => Interlocked.Read(ref _value);

    public void Increment(long by = 1)
    {
        if (by < 0)
            throw new ArgumentOutOfRangeException(nameof(by), by, "A counter only goes up; use a gauge for values that fall.");
        Interlocked.Add(ref _value, by);
    }

    internal override void WriteSamples(StringBuilder text, string name) =>
        text.Append(name).Append(Labels).Append(' ').Append(Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}

/// <summary>A value that goes up and down (outbox depth, IMU rate).</summary>
public sealed class Gauge : MetricSeries
{
    private long _bits;

    internal Gauge(string labels) : base(labels) { }

    public double Value => BitConverter.Int64BitsToDouble(Volatile.Read(ref _bits));

    public void Set(double value) => Interlocked.Exchange(ref _bits, BitConverter.DoubleToInt64Bits(value));

    public void Add(double amount) => Add(ref _bits, amount);

    internal override void WriteSamples(StringBuilder text, string name) =>
        text.Append(name).Append(Labels).Append(' ').Append(Number(Value)).Append('\n');
}

/// <summary>
/// Observations counted into fixed buckets (per-stage latency). The buckets are allocated once;
/// <see cref="Observe"/> is a search over a handful of bounds and three interlocked updates.
/// </summary>
public sealed class Histogram : MetricSeries
{
    private readonly double[] _bounds;
    private readonly long[] _counts; // per bucket, not cumulative; the last is (last bound, +Inf)
    private readonly string[] _bucketLabels;
    private long _sumBits;
    private long _count;

    internal Histogram(string labels, IReadOnlyList<KeyValuePair<string, string>> labelPairs, double[] bounds) : base(labels)
    {
        _bounds = bounds;
        _counts = new long[bounds.Length + 1];
        _bucketLabels = [.. bounds.Select(Number).Append("+Inf").Select(le => MetricLabels.Render([.. labelPairs, new("le", le)]))];
    }

    public long Count => Interlocked.Read(ref _count);

    public double Sum => BitConverter.Int64BitsToDouble(Volatile.Read(ref _sumBits));

    public void Observe(double value)
    {
        var bucket = 0;
        while (bucket < _bounds.Length && value > _bounds[bucket])
            bucket++;
        Interlocked.Increment(ref _counts[bucket]);
        Add(ref _sumBits, value);
        Interlocked.Increment(ref _count);
    }

    internal override void WriteSamples(StringBuilder text, string name)
    {
        long cumulative = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            cumulative += Interlocked.Read(ref _counts[i]);
            text.Append(name).Append("_bucket").Append(_bucketLabels[i]).Append(' ').Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        text.Append(name).Append("_sum").Append(Labels).Append(' ').Append(Number(Sum)).Append('\n');
        text.Append(name).Append("_count").Append(Labels).Append(' ').Append(Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}

/// <summary>
/// An info-style gauge: value 1, the facts in its labels (provider, model, version). Its labels
/// change rarely (a fallback to another provider), so <see cref="Set"/> may allocate.
/// </summary>
public sealed class Info : MetricSeries
{
    internal Info(string labels) : base(labels) { }

    public void Set(params KeyValuePair<string, string>[] labels) => Labels = MetricLabels.Render(labels);

    internal override void WriteSamples(StringBuilder text, string name) =>
        text.Append(name).Append(Labels).Append(" 1\n");
}
