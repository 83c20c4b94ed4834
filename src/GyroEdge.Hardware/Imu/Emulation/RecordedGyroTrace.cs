using System.Globalization;
using GyroEdge.Domain.Geometry;

namespace GyroEdge.Hardware.Imu.Emulation;

/// <summary>
/// A real gyro log replayed: lines of <c>timestamp_ns wx wy wz</c> (rad/s, whitespace-separated,
/// the format of the shared smartphone log), linearly interpolated between samples and looped
/// when emulated time runs past its end. Read at run time from the shared data folder, never
/// copied into the repository.
/// </summary>
public sealed class RecordedGyroTrace : IGyroTrace
{
    /// <summary>The shared log, relative to the folder beside the checkout (../shared/data).</summary>
    public const string SharedLogRelativePath = "gyro/smartphone_gyro_train.txt";

    private readonly long[] _timestamps;
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _z;
    private readonly long _originNs;
    private int _hint;

    private RecordedGyroTrace(string path, long[] timestamps, double[] x, double[] y, double[] z, long originNs)
    {
        Path = path;
        _timestamps = timestamps;
        _x = x;
        _y = y;
        _z = z;
        _originNs = originNs;
    }

    public string Path { get; }

    public int SampleCount => _timestamps.Length;

    /// <summary>From the first logged sample to the last.</summary>
    public long DurationNs => _timestamps[^1] - _timestamps[0];

    /// <summary>Reads a log; its first sample plays at CLOCK_MONOTONIC <paramref name="originNs"/>.</summary>
    /// <exception cref="FileNotFoundException">The log is not there (the message names the path).</exception>
    /// <exception cref="InvalidDataException">A line is not four numbers, or time goes backwards (the message names the line).</exception>
    public static RecordedGyroTrace Load(string path, long originNs = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Gyro log {path} not found. Expected a text file of 'timestamp_ns wx wy wz' lines, such as ../shared/data/{SharedLogRelativePath} beside the checkout.",
                path);
        }

        var timestamps = new List<long>();
        var x = new List<double>();
        var y = new List<double>();
        var z = new List<double>();
        var lineNumber = 0;
        Span<Range> fields = stackalloc Range[5];
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var text = line.AsSpan().Trim();
            if (text.IsEmpty || text[0] == '#')
                continue;
            var count = text.SplitAny(fields, " \t,", StringSplitOptions.RemoveEmptyEntries);
            if (count != 4
                || !long.TryParse(text[fields[0]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t)
                || !double.TryParse(text[fields[1]], NumberStyles.Float, CultureInfo.InvariantCulture, out var wx)
                || !double.TryParse(text[fields[2]], NumberStyles.Float, CultureInfo.InvariantCulture, out var wy)
                || !double.TryParse(text[fields[3]], NumberStyles.Float, CultureInfo.InvariantCulture, out var wz))
            {
                throw new InvalidDataException($"{path} line {lineNumber}: expected 'timestamp_ns wx wy wz' (an integer and three numbers in rad/s), found '{line}'.");
            }
            if (timestamps.Count > 0 && t <= timestamps[^1])
                throw new InvalidDataException($"{path} line {lineNumber}: timestamp {t} does not increase (previous {timestamps[^1]}); the log must be in time order.");
            timestamps.Add(t);
            x.Add(wx);
            y.Add(wy);
            z.Add(wz);
        }
        if (timestamps.Count < 2)
            throw new InvalidDataException($"{path} holds {timestamps.Count} samples; a trace needs at least two.");
        return new RecordedGyroTrace(path, [.. timestamps], [.. x], [.. y], [.. z], originNs);
    }

    /// <summary>
    /// The shared smartphone log beside the checkout: walks up from <paramref name="startDirectory"/>
    /// (default: the program's folder) to the folder holding GyroEdge.sln, then ../shared/data.
    /// Null when there is no such checkout or file.
    /// </summary>
    public static string? FindSharedLog(string? startDirectory = null)
    {
        for (var dir = new DirectoryInfo(startDirectory ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "GyroEdge.sln")))
                continue;
            var log = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "data", SharedLogRelativePath));
            return File.Exists(log) ? log : null;
        }
        return null;
    }

    public AngularVelocity At(long timestampNs)
    {
        var duration = DurationNs;
        var offset = (timestampNs - _originNs) % duration;
        if (offset < 0)
            offset += duration;
        var t = _timestamps[0] + offset;

        var i = _hint;
        if (i >= _timestamps.Length - 1 || _timestamps[i] > t || _timestamps[i + 1] < t)
        {
            i = Array.BinarySearch(_timestamps, t);
            if (i < 0)
                i = ~i - 1;
            i = Math.Clamp(i, 0, _timestamps.Length - 2);
        }
        _hint = i;
        var fraction = (double)(t - _timestamps[i]) / (_timestamps[i + 1] - _timestamps[i]);
        return new AngularVelocity(
            _x[i] + (_x[i + 1] - _x[i]) * fraction,
            _y[i] + (_y[i + 1] - _y[i]) * fraction,
            _z[i] + (_z[i + 1] - _z[i]) * fraction);
    }
}
