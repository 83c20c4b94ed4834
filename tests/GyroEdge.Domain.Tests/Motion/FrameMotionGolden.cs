using System.Text.Json;
using System.Text.Json.Serialization;
using GyroEdge.Domain.Calibration;
using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Geometry;
using GyroEdge.Domain.Gyro;
using GyroEdge.TestSupport;

namespace GyroEdge.Domain.Tests.Motion;

/// <summary>tests/golden/frame_motion.json (format in tests/golden/README.md), written by the trainer's Python.</summary>
public sealed record FrameMotionGolden(
    [property: JsonPropertyName("atol")] double Atol,
    [property: JsonPropertyName("cases")] GoldenCase[] Cases)
{
    public static string FilePath => Path.Combine(Repository.Root, "tests", "golden", "frame_motion.json");

    public static FrameMotionGolden Load() =>
        JsonSerializer.Deserialize<FrameMotionGolden>(File.ReadAllText(FilePath))
        ?? throw new InvalidDataException($"{FilePath} is empty; regenerate it with tests/golden/generate.py.");

    /// <summary>Case names for xunit theories (the file is read once per name; it is small).</summary>
    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (var c in Load().Cases)
            names.Add(c.Name);
        return names;
    }
}

public sealed record GoldenCase(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("samples")] GoldenSamples Samples,
    [property: JsonPropertyName("calibration")] GoldenCalibration Calibration,
    [property: JsonPropertyName("exposure")] GoldenExposure Exposure,
    [property: JsonPropertyName("m")] int M,
    [property: JsonPropertyName("covered")] bool Covered,
    [property: JsonPropertyName("expected_rotations")] double[][][]? ExpectedRotations)
{
    /// <summary>The samples as a driver delivers them: IMU axes, IMU clock.</summary>
    public GyroSample[] ImuSamples() =>
        Samples.TimestampsNs.Select((t, i) => new GyroSample(t, Samples.Omega[i][0], Samples.Omega[i][1], Samples.Omega[i][2])).ToArray();

    public ImuCalibration ToCalibration() => new(
        RotationMatrix.FromRowMajor(Calibration.ImuToCamera.SelectMany(row => row).ToArray(), "golden imu_to_camera"),
        Calibration.TimeOffsetNs,
        new AngularVelocity(Calibration.GyroBias[0], Calibration.GyroBias[1], Calibration.GyroBias[2]));

    public ExposureWindow ToWindow() => new(0, Exposure.StartNs, Exposure.EndNs, Exposure.ReadoutNs);

    /// <summary>The expected M×9 values, row-major.</summary>
    public double[] ExpectedRowMajor() => ExpectedRotations!.SelectMany(m => m.SelectMany(row => row)).ToArray();
}

public sealed record GoldenSamples(
    [property: JsonPropertyName("t_ns")] long[] TimestampsNs,
    [property: JsonPropertyName("omega")] double[][] Omega);

public sealed record GoldenCalibration(
    [property: JsonPropertyName("imu_to_camera")] double[][] ImuToCamera,
    [property: JsonPropertyName("time_offset_ns")] long TimeOffsetNs,
    [property: JsonPropertyName("gyro_bias")] double[] GyroBias);

public sealed record GoldenExposure(
    [property: JsonPropertyName("start_ns")] long StartNs,
    [property: JsonPropertyName("end_ns")] long EndNs,
    [property: JsonPropertyName("readout_ns")] long ReadoutNs);
