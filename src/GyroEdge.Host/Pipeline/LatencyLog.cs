namespace GyroEdge.Host.Pipeline;

/// <summary>
/// Per-frame latencies kept for the run's report (median, p99): a fixed ring of the most recent
/// frames per measure, written by one stage each, so recording allocates nothing.
/// </summary>
public sealed class LatencyLog
{
    private const int Capacity = 1 << 16;

    private readonly double[][] _values;
    private readonly long[] _counts;

    public LatencyLog()
    {
        var measures = Enum.GetValues<LatencyMeasure>().Length;
        _values = new double[measures][];
        for (var i = 0; i < measures; i++)
            _values[i] = new double[Capacity];
        _counts = new long[measures];
    }

    public void Add(LatencyMeasure measure, double milliseconds)
    {
        var index = Interlocked.Increment(ref _counts[(int)measure]) - 1;
        _values[(int)measure][index & (Capacity - 1)] = milliseconds;
    }

    public long Count(LatencyMeasure measure) => Interlocked.Read(ref _counts[(int)measure]);

    /// <summary>The <paramref name="quantile"/> (0..1) of the kept values, or NaN when there are none.</summary>
    public double Quantile(LatencyMeasure measure, double quantile)
    {
        var count = (int)Math.Min(Count(measure), Capacity);
        if (count == 0)
            return double.NaN;
        var copy = _values[(int)measure].AsSpan(0, count).ToArray();
        Array.Sort(copy);
        var index = (int)Math.Clamp(Math.Ceiling(quantile * count) - 1, 0, count - 1);
        return copy[index];
    }
}

/// <summary>What a latency measures.</summary>
public enum LatencyMeasure
{
    /// <summary>From the frame leaving the camera source to its JPEG stored in the outbox.</summary>
    EndToEnd,

    /// <summary>From the frame leaving the source to its motion built (includes waiting for the gyro).</summary>
    Motion,

    /// <summary>The engine's frame: pre-processing, ONNX Runtime and post-processing.</summary>
    Inference,

    Encode,

    /// <summary>Storing the frame in the outbox (atomic write and fsync).</summary>
    Publish,
}
