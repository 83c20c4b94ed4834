using System.Text.Json;

namespace GyroEdge.Host.Recording;

/// <summary>
/// What session.json says about a recording (DESIGN.md, "Recordings"). The JSON names are the
/// trainer's (gyroedge_trainer/recording.py and dataset.py): <c>format</c>, <c>device</c>,
/// <c>software</c>, <c>camera{model,width,height,intrinsics,readout_ns}</c>, <c>exposure</c>,
/// <c>imu{model,axes,max_gap_ns}</c>, <c>calibration{imu_to_camera,time_offset_ns,gyro_bias}</c>,
/// so that one reader serves field recordings and synthetic sets.
/// </summary>
public sealed record SessionDescription(
    string Device,
    string Software,
    CameraDescription Camera,
    ExposureDescription Exposure,
    ImuDescription Imu,
    CalibrationDescription Calibration)
{
    /// <summary>The recording format version the trainer checks (RECORDING_FORMAT).</summary>
    public const int FormatVersion = 1;

    public const string FileName = "session.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public byte[] ToJson()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new SessionFile(FormatVersion, Device, Software, Camera, Exposure, Imu, Calibration), Json);
        return [.. bytes, (byte)'\n'];
    }

    public static SessionDescription Read(string recordingFolder)
    {
        var path = Path.Combine(recordingFolder, FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} does not exist: a recording folder holds session.json, gyro.csv, frames.csv and frames/. Check the path.", path);
        SessionFile? file;
        try
        {
            file = JsonSerializer.Deserialize<SessionFile>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a session description ({e.Message}). Expected the keys device, software, camera, exposure, imu, calibration.", e);
        }
        if (file is null || file.Camera is null || file.Imu is null || file.Calibration is null)
            throw new InvalidDataException($"{path}: lacks camera, imu or calibration. Expected the keys device, software, camera, exposure, imu, calibration.");
        return new SessionDescription(file.Device ?? "", file.Software ?? "", file.Camera, file.Exposure ?? new ExposureDescription("unknown", null), file.Imu, file.Calibration);
    }

    private sealed record SessionFile(
        int Format,
        string? Device,
        string? Software,
        CameraDescription? Camera,
        ExposureDescription? Exposure,
        ImuDescription? Imu,
        CalibrationDescription? Calibration);
}

/// <summary>The camera: intrinsics [[fx,0,cx],[0,fy,cy],[0,0,1]] in pixels of the recorded frames, rolling-shutter readout.</summary>
/// <param name="Iso">Sensor gain as ISO, when the camera reports it (GyroBlur-Real's image_info.txt carries it); 0 when unknown.</param>
public sealed record CameraDescription(string Model, int Width, int Height, double[][]? Intrinsics, long ReadoutNs, int Iso = 0);

/// <summary>Where exposure windows come from (e.g. "gpio strobe") and the configured exposure, when fixed.</summary>
public sealed record ExposureDescription(string Source, long? NominalNs);

/// <summary>The IMU: part and configuration. <paramref name="MaxGapNs"/> is the gap past which a reader splits the gyro stream.</summary>
public sealed record ImuDescription(string Model, string Axes, double RateHz, double RangeDps, long MaxGapNs);

/// <summary>The IMU-to-camera calibration as the trainer's ImuCalibration.to_dict writes it.</summary>
public sealed record CalibrationDescription(double[][] ImuToCamera, long TimeOffsetNs, double[] GyroBias);
