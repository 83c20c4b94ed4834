using GyroEdge.Domain.Geometry;
using GyroEdge.Domain.Gyro;

namespace GyroEdge.Hardware.Imu.Emulation;

/// <summary>
/// A real gyro log (<see cref="GyroLog"/>: <c>timestamp_ns wx wy wz</c> lines, the format of the
/// shared smartphone log) replayed, linearly interpolated between samples and looped
/// when emulated time runs past its end. Read at run time from the shared data folder, never
/// copied into the repository.
/// </summary>
public sealed class RecordedGyroTrace : IGyroTrace
{
    /// <summary>The shared log, relative to the folder beside the checkout (../shared/data).</summary>
    public const string SharedLogRelativePath = "gyro/smartphone_gyro_train.txt";

    private readonly long[] _timestamps;
    private readonly GyroSample[] _samples;
    private readonly long _originNs;
    private int _hint;

    private RecordedGyroTrace(string path, GyroSample[] samples, long originNs)
    {
        Path = path;
        _samples = samples;
        _timestamps = Array.ConvertAll(samples, s => s.TimestampNs);
        _originNs = originNs;
    }

    public string Path { get; }

    public int SampleCount => _timestamps.Length;

    /// <summary>From the first logged sample to the last.</summary>
    public long DurationNs => _timestamps[^1] - _timestamps[0];

    /// <summary>Reads a log (<see cref="GyroLog.Read"/>); its first sample plays at CLOCK_MONOTONIC <paramref name="originNs"/>.</summary>
    /// <exception cref="FileNotFoundException">The log is not there (the message names the path).</exception>
    /// <exception cref="InvalidDataException">A line is not four numbers, time goes backwards (the message names the line), or there are fewer than two samples.</exception>
    public static RecordedGyroTrace Load(string path, long originNs = 0)
    {
        var samples = GyroLog.Read(path);
        if (samples.Length < 2)
            throw new InvalidDataException($"{path} holds {samples.Length} samples; a trace needs at least two.");
        return new RecordedGyroTrace(path, samples, originNs);
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
        ref readonly var a = ref _samples[i];
        ref readonly var b = ref _samples[i + 1];
        return new AngularVelocity(
            a.Wx + (b.Wx - a.Wx) * fraction,
            a.Wy + (b.Wy - a.Wy) * fraction,
            a.Wz + (b.Wz - a.Wz) * fraction);
    }
}
