using System.Text;
using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Geometry;
using GyroEdge.Domain.Gyro;
using GyroEdge.Hardware.Frames;

namespace GyroEdge.Hardware.Tests.Frames;

/// <summary>session.json and gyro.csv of a recording, as the trainer writes them and as people break them.</summary>
public sealed class RecordingSession_Tests : IDisposable
{
    private static readonly string TrainerRecording = Path.Combine(PngFixtures.Folder, "trainer_recording");

    private readonly string _folder = Directory.CreateTempSubdirectory("gyroedge-session-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A field recording's session.json: fixed camera intrinsics, a rolling shutter, a rotated IMU.</summary>
    internal const string FieldSession = """
        {
          "format": 1,
          "device": "jetson-17",
          "software": "gyroedge 0.3.0",
          "camera": { "model": "IMX477", "width": 640, "height": 480,
                      "intrinsics": [[500.5, 0.0, 320.25], [0.0, 501.0, 240.75], [0.0, 0.0, 1.0]],
                      "readout_ns": 15000000 },
          "exposure": { "mode": "auto" },
          "imu": { "model": "ICM-42688-P", "max_gap_ns": 5000000 },
          "calibration": { "imu_to_camera": [[0, -1, 0], [1, 0, 0], [0, 0, 1]],
                           "time_offset_ns": -2000000, "gyro_bias": [0.001, -0.002, 0.0005] }
        }
        """;

    [Fact]
    public void Reads_The_Session_The_Trainer_Wrote_With_Its_Field_Names()
    {
        var session = RecordingSession.Read(TrainerRecording);

        Assert.Equal(1, session.Format);
        Assert.Equal("synthetic", session.Device);
        Assert.Equal("gyroedge_trainer 0.1.0", session.Software);
        Assert.Equal(10_000_000, session.ReadoutNs);
        Assert.Null(session.Intrinsics); // per frame in frames.csv for synthetic sets
        Assert.Equal(new RotationMatrix(-1, 0, 0, 0, -1, 0, 0, 0, 1), session.Calibration.ImuToCamera);
        Assert.Equal(0, session.Calibration.TimeOffsetNs);
        Assert.Equal(20_000_000, session.MaxGyroGapNs);
    }

    [Fact]
    public void Reads_Intrinsics_Readout_And_Calibration_Of_A_Field_Recording()
    {
        var session = RecordingSession.Parse(Encoding.UTF8.GetBytes(FieldSession), "session.json");

        Assert.Equal(new CameraIntrinsics(500.5, 501.0, 320.25, 240.75, 640, 480), session.Intrinsics);
        Assert.Equal(15_000_000, session.ReadoutNs);
        Assert.Equal(new RotationMatrix(0, -1, 0, 1, 0, 0, 0, 0, 1), session.Calibration.ImuToCamera);
        Assert.Equal(-2_000_000, session.Calibration.TimeOffsetNs);
        Assert.Equal(new AngularVelocity(0.001, -0.002, 0.0005), session.Calibration.GyroBias);
        Assert.Equal(5_000_000, session.MaxGyroGapNs);
        Assert.Equal("IMX477", session.CameraModel);
    }

    [Fact]
    public void A_Session_Without_Readout_Is_A_Global_Shutter_As_In_The_Trainer()
    {
        var json = FieldSession.Replace("\"readout_ns\": 15000000", "\"exposure_note\": 1", StringComparison.Ordinal);

        Assert.Equal(0, RecordingSession.Parse(Encoding.UTF8.GetBytes(json), "session.json").ReadoutNs);
    }

    [Theory]
    [InlineData("\"calibration\":", "\"calibration_old\":", "calibration is missing")]
    [InlineData("\"time_offset_ns\": -2000000", "\"offset\": -2000000", "calibration.time_offset_ns is missing")]
    [InlineData("\"gyro_bias\": [0.001, -0.002, 0.0005]", "\"gyro_bias\": [0.001, -0.002]", "calibration.gyro_bias is [0.001, -0.002]; expected three numbers")]
    [InlineData("\"readout_ns\": 15000000", "\"readout_ns\": \"15 ms\"", "camera.readout_ns is \"15 ms\"; expected an integer")]
    [InlineData("\"readout_ns\": 15000000", "\"readout_ns\": -1", "camera.readout_ns is -1; expected the rolling-shutter readout time")]
    [InlineData("\"format\": 1", "\"format\": 2", "format is 2; this GyroEdge reads recording format 1")]
    [InlineData("\"width\": 640, ", "", "camera.width is missing")]
    [InlineData("[0.0, 501.0, 240.75]", "[0.0, 501.0]", "camera.intrinsics is [[500.5")]
    [InlineData("[[0, -1, 0], [1, 0, 0], [0, 0, 1]]", "[[0, 1, 0], [1, 0, 0], [0, 0, 1]]", "calibration.imu_to_camera [0, 1, 0, 1, 0, 0, 0, 0, 1] is not a rotation")]
    public void A_Missing_Or_Invalid_Field_Is_Named_With_The_File(string find, string replace, string expected)
    {
        var json = FieldSession.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(FieldSession, json);

        var error = Assert.Throws<InvalidDataException>(() => RecordingSession.Parse(Encoding.UTF8.GetBytes(json), "/rec/session.json"));

        Assert.StartsWith("/rec/session.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_Json_Is_Refused_Naming_The_File_And_Line()
    {
        var error = Assert.Throws<InvalidDataException>(() => RecordingSession.Parse("{\n  \"format\": 1,\n  \"camera\": {\n"u8, "/rec/session.json"));

        Assert.StartsWith("/rec/session.json: not valid JSON (line ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Folder_Without_Session_Json_Is_Not_A_Recording()
    {
        var error = Assert.Throws<FileNotFoundException>(() => RecordingSession.Read(_folder));

        Assert.Contains("session.json does not exist: a recording folder holds session.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_Every_Gyro_Sample_Of_The_Trainers_Gyro_Csv_At_Full_Precision()
    {
        var samples = RecordingGyro.Read(TrainerRecording);

        var lines = File.ReadAllLines(Path.Combine(TrainerRecording, "gyro.csv"));
        Assert.Equal("t_ns,wx,wy,wz", lines[0]);
        Assert.Equal(lines.Length - 1, samples.Length);
        // The first row, as the trainer wrote it (%.17g keeps every bit of the float64).
        Assert.Equal(new GyroSample(973_983_818, -0.23500772963349079, 0.32550425343724737, -0.069574007972864754), samples[0]);
        Assert.All(samples.Zip(samples.Skip(1)), pair => Assert.True(pair.Second.TimestampNs > pair.First.TimestampNs));
    }

    [Fact]
    public void A_Gyro_Csv_Row_That_Is_Not_Four_Numbers_Is_Named_By_Line()
    {
        File.WriteAllText(Path.Combine(_folder, "gyro.csv"), "t_ns,wx,wy,wz\n1000,0.1,0.2,0.3\n2000,0.1,0.2\n");

        var error = Assert.Throws<InvalidDataException>(() => RecordingGyro.Read(_folder));

        Assert.Contains("gyro.csv line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Recording_Without_Gyro_Csv_Says_What_Is_Missing()
    {
        var error = Assert.Throws<FileNotFoundException>(() => RecordingGyro.Read(_folder));

        Assert.Contains("gyro.csv does not exist", error.Message, StringComparison.Ordinal);
    }
}
