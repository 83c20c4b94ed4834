using System.Globalization;

namespace GyroEdge.Hardware.Frames;

/// <summary>
/// Reads a recording's frames.csv (DESIGN.md, "Recordings"): a header line, then one row per
/// frame. Columns are found by name, so extra columns are allowed:
/// <c>id,exposure_start_ns,exposure_end_ns,file[,sharp_file][,fx,fy,cx,cy]</c>. Ids strictly
/// increase; file names are relative to the recording folder and may not leave it. fx,fy,cx,cy
/// are the frame's own intrinsics (synthetic sets, where every frame is a crop of another photo):
/// all four numbers or all four empty (the session camera's apply), as the trainer's
/// recording.py writes and reads them.
/// </summary>
public static class RecordingFrameIndex
{
    public const string FileName = "frames.csv";

    private static readonly string[] Required = ["id", "exposure_start_ns", "exposure_end_ns", "file"];

    private static readonly string[] IntrinsicsColumns = ["fx", "fy", "cx", "cy"];

    public static IReadOnlyList<RecordedFrame> Read(string recordingFolder)
    {
        var path = Path.Combine(recordingFolder, FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} does not exist: a recording folder holds session.json, gyro.csv, frames.csv and frames/. Check the path.", path);
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static IReadOnlyList<RecordedFrame> Parse(TextReader reader, string path)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine()?.Split(',').Select(c => c.Trim()).ToArray()
            ?? throw new InvalidDataException($"{path} is empty; it needs the header {string.Join(',', Required)} and one row per frame.");
        var columns = Required.Select(name => Array.IndexOf(header, name)).ToArray();
        var missing = Required.Where((_, i) => columns[i] < 0).ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException($"{path}: the header '{string.Join(',', header)}' lacks {string.Join(", ", missing)}; expected {string.Join(',', Required)}[,sharp_file].");
        var sharp = Array.IndexOf(header, "sharp_file");
        var intrinsics = IntrinsicsColumns.Select(name => Array.IndexOf(header, name)).ToArray();
        if (intrinsics.Any(c => c >= 0) && intrinsics.Any(c => c < 0))
            throw new InvalidDataException($"{path}: the header '{string.Join(',', header)}' has some of fx,fy,cx,cy but not all four; a frame's intrinsics need all of them.");

        var frames = new List<RecordedFrame>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var cells = line.Split(',');
            if (cells.Length < header.Length)
                throw new InvalidDataException($"{path}:{lineNumber}: {cells.Length} fields, the header has {header.Length}. The file may be cut short.");
            var id = Integer(cells[columns[0]], path, lineNumber, "id");
            var start = Integer(cells[columns[1]], path, lineNumber, "exposure_start_ns");
            var end = Integer(cells[columns[2]], path, lineNumber, "exposure_end_ns");
            if (end < start)
                throw new InvalidDataException($"{path}:{lineNumber}: exposure_end_ns {end} is before exposure_start_ns {start}.");
            if (frames.Count > 0 && id <= frames[^1].Id)
                throw new InvalidDataException($"{path}:{lineNumber}: id {id} does not follow {frames[^1].Id}; ids must increase.");
            frames.Add(new RecordedFrame(id, start, end, RelativeFile(cells[columns[3]], path, lineNumber),
                sharp >= 0 && cells[sharp].Trim().Length > 0 ? RelativeFile(cells[sharp], path, lineNumber) : null,
                intrinsics[0] >= 0 ? Intrinsics(cells, intrinsics, path, lineNumber) : null));
        }
        if (frames.Count == 0)
            throw new InvalidDataException($"{path} lists no frames.");
        return frames;
    }

    /// <summary>fx,fy,cx,cy of one row: all empty (null: the session camera's) or four numbers with positive focal lengths.</summary>
    private static RecordedIntrinsics? Intrinsics(string[] cells, int[] columns, string path, int line)
    {
        var texts = columns.Select(c => cells[c].Trim()).ToArray();
        if (texts.All(t => t.Length == 0))
            return null;
        var values = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (!double.TryParse(texts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new InvalidDataException(
                    $"{path}:{line}: {IntrinsicsColumns[i]} '{texts[i]}' is not a number; fx,fy,cx,cy are the frame's intrinsics in pixels, all four numbers or all four empty (the session camera's).");
            }
        }
        if (!(values[0] > 0 && values[1] > 0))
            throw new InvalidDataException($"{path}:{line}: focal lengths fx {texts[0]} and fy {texts[1]} must be positive, in pixels of the frame.");
        return new RecordedIntrinsics(values[0], values[1], values[2], values[3]);
    }

    private static long Integer(string cell, string path, int line, string column) =>
        long.TryParse(cell.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{path}:{line}: {column} '{cell}' is not an integer (nanoseconds, CLOCK_MONOTONIC).");

    private static string RelativeFile(string cell, string path, int line)
    {
        var file = cell.Trim();
        if (file.Length == 0 || Path.IsPathRooted(file) || file.Split('/', '\\').Contains(".."))
            throw new InvalidDataException($"{path}:{line}: file '{cell}' must be a path inside the recording folder, like frames/000001.png.");
        return file;
    }
}
