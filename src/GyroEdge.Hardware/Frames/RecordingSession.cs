using System.Globalization;
using System.Text.Json;
using GyroEdge.Domain.Calibration;
using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Geometry;

namespace GyroEdge.Hardware.Frames;

/// <summary>
/// A recording's session.json (DESIGN.md, "Recordings"): what replay needs to turn the recorded
/// gyro into each frame's motion exactly as the device did: the camera's readout time and
/// intrinsics, and the IMU-to-camera calibration. Field names are the trainer's
/// (src/trainer/gyroedge_trainer/dataset.py writes them, recording.py reads them):
/// <code>
/// { "format": 1, "device": "...", "software": "...",
///   "camera": { "model": "...", "width": 640, "height": 480,
///               "intrinsics": [[fx, skew, cx], [0, fy, cy], [0, 0, 1]] or null, "readout_ns": 0 },
///   "imu": { "model": "...", "max_gap_ns": 20000000 },
///   "calibration": { "imu_to_camera": [[...], [...], [...]], "time_offset_ns": 0, "gyro_bias": [bx, by, bz] } }
/// </code>
/// Optional, with the trainer's defaults: camera.readout_ns (0, a global shutter),
/// camera.intrinsics (null: per frame in frames.csv, as in synthetic sets), imu.max_gap_ns (20 ms).
/// Everything else above is required; other fields are ignored.
/// </summary>
/// <param name="Format">The recording format version; only 1 exists.</param>
/// <param name="Device">Who recorded it ("synthetic" for trainer-made sets).</param>
/// <param name="Software">The recording software and version.</param>
/// <param name="CameraModel">camera.model, free text.</param>
/// <param name="Intrinsics">The camera's intrinsics in pixels of its frames; null when frames.csv carries them per frame.</param>
/// <param name="ReadoutNs">Rolling-shutter readout time: first row to last row, ns; 0 for a global shutter.</param>
/// <param name="Calibration">IMU-to-camera rotation, time offset and gyro bias.</param>
/// <param name="MaxGyroGapNs">The longest step between gyro samples the recording's readers bridge (the trainer splits gyro.csv there).</param>
public sealed record RecordingSession(
    int Format,
    string Device,
    string Software,
    string CameraModel,
    CameraIntrinsics? Intrinsics,
    long ReadoutNs,
    ImuCalibration Calibration,
    long MaxGyroGapNs)
{
    public const string FileName = "session.json";

    /// <summary>The only recording format there is.</summary>
    public const int SupportedFormat = 1;

    /// <summary>imu.max_gap_ns when absent: the trainer's DEFAULT_MAX_GAP_NS.</summary>
    public const long DefaultMaxGyroGapNs = 20_000_000;

    /// <summary>Reads <c>session.json</c> in <paramref name="recordingFolder"/>.</summary>
    /// <exception cref="FileNotFoundException">No session.json: the folder is not a recording.</exception>
    /// <exception cref="InvalidDataException">Not JSON, or a field is missing or invalid (the message names the file and the field).</exception>
    public static RecordingSession Read(string recordingFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordingFolder);
        var path = Path.Combine(recordingFolder, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} does not exist: a recording folder holds session.json (camera, readout, calibration), gyro.csv, frames.csv and frames/. Check the path, or write session.json beside frames.csv.",
                path);
        }
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses session.json text; <paramref name="path"/> names the file in errors.</summary>
    public static RecordingSession Parse(ReadOnlySpan<byte> utf8Json, string path)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON (line {e.LineNumber + 1}: {e.Message}). session.json must be one JSON object; see DESIGN.md \"Recordings\".", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Invalid(path, "(top level)", root, "a JSON object");

            var format = Integer(path, root, "format", required: true)!.Value;
            if (format != SupportedFormat)
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}: format is {format}; this GyroEdge reads recording format {SupportedFormat}. Replay it with the GyroEdge version that wrote it ({Text(root, "software") ?? "software not recorded"})."));

            var camera = Object(path, root, "camera", required: true)!.Value;
            var readout = Integer(path, camera, "readout_ns", required: false, prefix: "camera.") ?? 0;
            if (readout < 0)
                throw Invalid(path, "camera.readout_ns", camera.GetProperty("readout_ns"), "the rolling-shutter readout time in ns, 0 or more (0 for a global shutter)");

            var calibration = Object(path, root, "calibration", required: true)!.Value;
            var imu = Object(path, root, "imu", required: false);
            var maxGap = imu is { } imuObject ? Integer(path, imuObject, "max_gap_ns", required: false, prefix: "imu.") ?? DefaultMaxGyroGapNs : DefaultMaxGyroGapNs;
            if (maxGap <= 0)
                throw Invalid(path, "imu.max_gap_ns", imu!.Value.GetProperty("max_gap_ns"), "a positive number of nanoseconds, e.g. 20000000");

            return new RecordingSession(
                (int)format,
                Text(root, "device") ?? "",
                Text(root, "software") ?? "",
                Text(camera, "model") ?? "",
                ParseIntrinsics(path, camera),
                readout,
                ParseCalibration(path, calibration),
                maxGap);
        }
    }

    private static CameraIntrinsics? ParseIntrinsics(string path, JsonElement camera)
    {
        if (!camera.TryGetProperty("intrinsics", out var k) || k.ValueKind == JsonValueKind.Null)
            return null;
        Span<double> values = stackalloc double[9];
        Matrix(path, "camera.intrinsics", k, values, "K as [[fx, skew, cx], [0, fy, cy], [0, 0, 1]] in pixels (or null when frames.csv gives fx,fy,cx,cy per frame)");
        var width = Integer(path, camera, "width", required: true, prefix: "camera.")!.Value;
        var height = Integer(path, camera, "height", required: true, prefix: "camera.")!.Value;
        try
        {
            return new CameraIntrinsics(values[0], values[4], values[2], values[5], checked((int)width), checked((int)height), values[1]);
        }
        catch (Exception e) when (e is ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"{path}: camera.intrinsics (with camera.width and camera.height) are not usable: {e.Message}", e);
        }
    }

    private static ImuCalibration ParseCalibration(string path, JsonElement calibration)
    {
        Span<double> r = stackalloc double[9];
        var rotation = Required(path, calibration, "imu_to_camera", "calibration.");
        Matrix(path, "calibration.imu_to_camera", rotation, r, "the 3x3 rotation from IMU axes to camera axes, row-major [[...], [...], [...]]");
        RotationMatrix imuToCamera;
        try
        {
            imuToCamera = RotationMatrix.FromRowMajor(r, "rotation calibration.imu_to_camera");
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        var offset = Integer(path, calibration, "time_offset_ns", required: true, prefix: "calibration.")!.Value;
        var biasElement = Required(path, calibration, "gyro_bias", "calibration.");
        Span<double> bias = stackalloc double[3];
        if (biasElement.ValueKind != JsonValueKind.Array || biasElement.GetArrayLength() != 3)
            throw Invalid(path, "calibration.gyro_bias", biasElement, "three numbers [bx, by, bz] in rad/s, IMU axes");
        for (var i = 0; i < 3; i++)
            bias[i] = Number(path, "calibration.gyro_bias", biasElement[i], biasElement, "three numbers [bx, by, bz] in rad/s, IMU axes");
        return new ImuCalibration(imuToCamera, offset, new AngularVelocity(bias[0], bias[1], bias[2]));
    }

    /// <summary>A 3x3 matrix as three rows of three numbers, into <paramref name="values"/> row-major.</summary>
    private static void Matrix(string path, string field, JsonElement element, Span<double> values, string expected)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != 3)
            throw Invalid(path, field, element, expected);
        for (var row = 0; row < 3; row++)
        {
            var cells = element[row];
            if (cells.ValueKind != JsonValueKind.Array || cells.GetArrayLength() != 3)
                throw Invalid(path, field, element, expected);
            for (var column = 0; column < 3; column++)
                values[(row * 3) + column] = Number(path, field, cells[column], element, expected);
        }
    }

    private static double Number(string path, string field, JsonElement cell, JsonElement whole, string expected) =>
        cell.ValueKind == JsonValueKind.Number && cell.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw Invalid(path, field, whole, expected);

    private static long? Integer(string path, JsonElement parent, string name, bool required, string prefix = "")
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            return required ? throw Missing(path, prefix + name) : null;
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value))
            return value;
        throw Invalid(path, prefix + name, element, "an integer");
    }

    private static JsonElement? Object(string path, JsonElement parent, string name, bool required)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            return required ? throw Missing(path, name) : null;
        return element.ValueKind == JsonValueKind.Object ? element : throw Invalid(path, name, element, "a JSON object");
    }

    private static JsonElement Required(string path, JsonElement parent, string name, string prefix) =>
        parent.TryGetProperty(name, out var element) && element.ValueKind != JsonValueKind.Null ? element : throw Missing(path, prefix + name);

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString() : null;

    private static InvalidDataException Missing(string path, string field) =>
        new($"{path}: {field} is missing. session.json needs format, camera (readout_ns, intrinsics or null) and calibration (imu_to_camera, time_offset_ns, gyro_bias); see DESIGN.md \"Recordings\" and the trainer's recording writer.");

    private static InvalidDataException Invalid(string path, string field, JsonElement found, string expected)
    {
        var text = found.GetRawText();
        if (text.Length > 120)
            text = string.Concat(text.AsSpan(0, 117), "...");
        return new InvalidDataException($"{path}: {field} is {text}; expected {expected}. Fix the recording's session.json.");
    }
}
