using System.Globalization;
using GyroEdge.Domain.Gyro;

namespace GyroEdge.Hardware.Imu.Emulation;

/// <summary>
/// A recorded gyro log: lines of <c>timestamp_ns wx wy wz</c> (integer nanoseconds, rad/s,
/// whitespace- or comma-separated; blank lines and <c>#</c> comments skipped), the format of the
/// shared smartphone log. The one reader of the format: the emulators replay it
/// (<see cref="RecordedGyroTrace"/>) and <c>gyroedge bench motion --gyro</c> feeds it to the
/// gyro stream.
/// </summary>
public static class GyroLog
{
    /// <summary>Reads every sample of the log at <paramref name="path"/>, in IMU axes and the log's own time.</summary>
    /// <exception cref="FileNotFoundException">The log is not there (the message names the path).</exception>
    /// <exception cref="InvalidDataException">A line is not four numbers, or time does not increase (the message names the line).</exception>
    public static GyroSample[] Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Gyro log {path} not found. Expected a text file of 'timestamp_ns wx wy wz' lines, such as ../shared/data/{RecordedGyroTrace.SharedLogRelativePath} beside the checkout.",
                path);
        }

        var samples = new List<GyroSample>();
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
            if (samples.Count > 0 && t <= samples[^1].TimestampNs)
                throw new InvalidDataException($"{path} line {lineNumber}: timestamp {t} does not increase (previous {samples[^1].TimestampNs}); the log must be in time order.");
            samples.Add(new GyroSample(t, wx, wy, wz));
        }
        return [.. samples];
    }
}
