using System.Globalization;
using System.Text;
using GyroEdge.Hardware.Frames;

namespace GyroEdge.Host.Recording;

/// <summary>What an export wrote.</summary>
public sealed record GyroBlurRealExport(int Scenes, int SkippedWithoutGyro, int SkippedNotPng);

/// <summary>
/// Writes a recording in the GyroBlur-Real layout (GyroDeblurNet, CVPR 2025; the layout as its
/// README describes it and its real_data/test.py reads it), one folder per frame:
/// <code>
/// 001/blurry.png       the frame
/// 001/gyro.txt         one sample per line: t_ns wx wy wz (space-separated; rad/s)
/// 001/image_info.txt   one line: t_ns iso exposure_ns fx fy cx cy s
/// </code>
/// t_ns in image_info.txt is the exposure start. Gyro timestamps are moved into the camera's
/// clock (t + calibration.time_offset_ns) so both files share one clock as GyroBlur-Real's do;
/// axes stay the IMU's (the IMU-to-camera rotation lives in session.json and has no place in
/// this layout). gyro.txt holds the samples from <c>margin</c> before the exposure to
/// <c>margin</c> after it. ISO is session.json's camera.iso (0 when unknown); s is the skew
/// K[0][1]. GyroBlur-Real ships blurry.dng as well; recordings have no raw file, so none is written.
/// </summary>
public static class GyroBlurRealExporter
{
    public static GyroBlurRealExport Export(string recording, string output, TimeSpan margin)
    {
        var session = SessionDescription.Read(recording);
        var k = session.Camera.Intrinsics
            ?? throw new InvalidDataException($"{Path.Combine(recording, SessionDescription.FileName)}: camera.intrinsics is null; GyroBlur-Real's image_info.txt needs fx fy cx cy. Add the calibrated intrinsics to session.json.");
        if (k.Length != 3 || k.Any(row => row.Length != 3))
            throw new InvalidDataException($"{Path.Combine(recording, SessionDescription.FileName)}: camera.intrinsics must be a 3x3 matrix [[fx,s,cx],[0,fy,cy],[0,0,1]].");
        var frames = RecordingFrameIndex.Read(recording);
        var (times, rates) = ReadGyro(Path.Combine(recording, FieldRecorder.GyroFileName));
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
            throw new IOException($"{output} is not empty; the exporter never overwrites. Choose a new --out folder.");
        Directory.CreateDirectory(output);

        var offset = session.Calibration.TimeOffsetNs;
        var marginNs = margin.Ticks * 100;
        int scenes = 0, withoutGyro = 0, notPng = 0;
        foreach (var frame in frames)
        {
            if (!frame.File.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            {
                notPng++;
                continue;
            }
            // Camera time t_cam = t_imu + offset, so the IMU window is the camera window minus offset.
            var first = LowerBound(times, frame.ExposureStartNs - marginNs - offset);
            var end = LowerBound(times, frame.ExposureEndNs + marginNs - offset + 1);
            if (end - first < 2)
            {
                withoutGyro++;
                continue;
            }
            var scene = Path.Combine(output, (scenes + 1).ToString("D3", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(scene);
            DurableFile.WriteAtomically(Path.Combine(scene, "blurry.png"), File.ReadAllBytes(Path.Combine(recording, frame.File)));
            var gyro = new StringBuilder();
            for (var i = first; i < end; i++)
                gyro.Append(CultureInfo.InvariantCulture, $"{times[i] + offset} {rates[i].X:R} {rates[i].Y:R} {rates[i].Z:R}\n");
            DurableFile.WriteAtomically(Path.Combine(scene, "gyro.txt"), Encoding.ASCII.GetBytes(gyro.ToString()));
            var info = string.Create(CultureInfo.InvariantCulture,
                $"{frame.ExposureStartNs} {session.Camera.Iso} {frame.ExposureEndNs - frame.ExposureStartNs} {k[0][0]:R} {k[1][1]:R} {k[0][2]:R} {k[1][2]:R} {k[0][1]:R}\n");
            DurableFile.WriteAtomically(Path.Combine(scene, "image_info.txt"), Encoding.ASCII.GetBytes(info));
            scenes++;
        }
        DurableFile.SyncFolder(output);
        return new GyroBlurRealExport(scenes, withoutGyro, notPng);
    }

    private static (long[] Times, (double X, double Y, double Z)[] Rates) ReadGyro(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} does not exist: a recording folder holds session.json, gyro.csv, frames.csv and frames/. Check the path.", path);
        var times = new List<long>();
        var rates = new List<(double, double, double)>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (number == 1 || line.Length == 0)
                continue;
            var cells = line.Split(',');
            if (cells.Length != 4
                || !long.TryParse(cells[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var t)
                || !double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                || !double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
                || !double.TryParse(cells[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var z))
                throw new InvalidDataException($"{path}:{number}: '{line}' is not t_ns,wx,wy,wz (integer nanoseconds, three numbers in rad/s).");
            if (times.Count > 0 && t <= times[^1])
                throw new InvalidDataException($"{path}:{number}: timestamp {t} does not increase (previous {times[^1]}); gyro.csv must be in time order.");
            times.Add(t);
            rates.Add((x, y, z));
        }
        return ([.. times], [.. rates]);
    }

    private static int LowerBound(long[] sorted, long value)
    {
        var index = Array.BinarySearch(sorted, value);
        return index >= 0 ? index : ~index;
    }
}
