using System.Globalization;
using System.Text;
using GyroEdge.Domain.Camera;
using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Frames.Png;
using GyroEdge.Host.Evaluation;
using GyroEdge.Host.Tests.Recording;

namespace GyroEdge.Host.Tests.Evaluation;

/// <summary>
/// A recording as eval reads it, before any model runs: each frame's intrinsics resolved as the
/// trainer's recording.py resolves them (its own fx,fy,cx,cy, else the session camera's), and
/// every way a recording can lack what scoring needs refused by name.
/// </summary>
public sealed class EvaluationRecording_Tests : IDisposable
{
    private const int Width = 16;
    private const int Height = 12;
    private const string Header = "id,exposure_start_ns,exposure_end_ns,file,sharp_file,fx,fy,cx,cy";

    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Each_Frame_Gets_Its_Own_Intrinsics_From_Frames_Csv()
    {
        Write(sessionIntrinsics: null, "0,1000000000,1020000000,frames/0.png,sharp/0.png,20.5,21.5,7.25,5.75", "1,2000000000,2030000000,frames/1.png,sharp/1.png,40,40,3.5,8.5");

        var recording = EvaluationRecording.Open(folder.Path);

        var first = recording.IntrinsicsOf(0);
        Assert.Equal((20.5, 21.5, 7.25, 5.75, Width, Height), (first.Fx, first.Fy, first.Cx, first.Cy, first.Width, first.Height));
        var second = recording.IntrinsicsOf(1);
        Assert.Equal((40.0, 40.0, 3.5, 8.5), (second.Fx, second.Fy, second.Cx, second.Cy));
        Assert.Equal(new RecordedIntrinsics(20.5, 21.5, 7.25, 5.75), recording.Frames[0].Intrinsics);
        Assert.Equal(new ExposureWindow(1, 2_000_000_000, 2_030_000_000, 0), recording.ExposureOf(1));
    }

    [Fact]
    public void A_Frame_With_Empty_Intrinsics_Gets_The_Session_Cameras()
    {
        Write(sessionIntrinsics: "[[30, 0, 7.5], [0, 31, 5.5], [0, 0, 1]]", "0,1000000000,1020000000,frames/0.png,sharp/0.png,,,,", "1,2000000000,2030000000,frames/1.png,sharp/1.png,40,40,3.5,8.5");

        var recording = EvaluationRecording.Open(folder.Path);

        Assert.Null(recording.Frames[0].Intrinsics);
        var camera = recording.IntrinsicsOf(0);
        Assert.Equal((30.0, 31.0, 7.5, 5.5), (camera.Fx, camera.Fy, camera.Cx, camera.Cy));
        Assert.Equal(40.0, recording.IntrinsicsOf(1).Fx);
    }

    [Fact]
    public void Intrinsics_With_A_Cell_Missing_Name_The_Line()
    {
        Write(sessionIntrinsics: null, "0,1000000000,1020000000,frames/0.png,sharp/0.png,20,20,7.5,5.5", "1,2000000000,2030000000,frames/1.png,sharp/1.png,40,,3.5,8.5");

        var error = Assert.Throws<InvalidDataException>(() => EvaluationRecording.Open(folder.Path));

        Assert.StartsWith($"{Path.Combine(folder.Path, "frames.csv")}:3: fy '' is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Negative_Focal_Length_Names_The_Line()
    {
        Write(sessionIntrinsics: null, "0,1000000000,1020000000,frames/0.png,sharp/0.png,-20,20,7.5,5.5");

        var error = Assert.Throws<InvalidDataException>(() => EvaluationRecording.Open(folder.Path));

        Assert.StartsWith($"{Path.Combine(folder.Path, "frames.csv")}:2: focal lengths fx -20 and fy 20 must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_Any_Intrinsics_Only_A_Gyro_Model_Is_Refused_Naming_The_Frame()
    {
        Write(sessionIntrinsics: null, "0,1000000000,1020000000,frames/0.png,sharp/0.png,20,20,7.5,5.5", "1,2000000000,2030000000,frames/1.png,sharp/1.png,,,,");

        // A blind model needs no intrinsics: the recording opens.
        var recording = EvaluationRecording.Open(folder.Path);
        var error = Assert.Throws<InvalidDataException>(recording.RequireIntrinsics);

        Assert.StartsWith($"{Path.Combine(folder.Path, "frames.csv")}: frame 1 has no fx,fy,cx,cy and {Path.Combine(folder.Path, "session.json")} has camera.intrinsics null",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_Intrinsics_For_Another_Frame_Size_Are_Refused()
    {
        Write(sessionIntrinsics: "[[30, 0, 7.5], [0, 31, 5.5], [0, 0, 1]]", cameraWidth: 32, cameraHeight: 24, rows: "0,1000000000,1020000000,frames/0.png,sharp/0.png,,,,");

        var recording = EvaluationRecording.Open(folder.Path);
        var error = Assert.Throws<InvalidDataException>(recording.RequireIntrinsics);

        Assert.Contains("camera.intrinsics describe a 32x24 image (camera.width, camera.height) and the frames are 16x12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ground_Truth_Of_Another_Size_Is_Refused_Naming_The_File()
    {
        Write(sessionIntrinsics: null, "0,1000000000,1020000000,frames/0.png,sharp/0.png,20,20,7.5,5.5");
        WritePng(Path.Combine(folder.Path, "sharp", "0.png"), Width + 2, Height);

        var error = Assert.Throws<InvalidDataException>(() => EvaluationRecording.Open(folder.Path));

        Assert.StartsWith($"{Path.Combine(folder.Path, "sharp", "0.png")} is 18x12, frame 0 is 16x12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Frames_Too_Small_For_Ssim_Are_Refused()
    {
        Write(sessionIntrinsics: null, "0,1000000000,1020000000,frames/0.png,sharp/0.png,20,20,7.5,5.5");
        WritePng(Path.Combine(folder.Path, "frames", "0.png"), 10, 10);

        var error = Assert.Throws<InvalidDataException>(() => EvaluationRecording.Open(folder.Path));

        Assert.Contains("is 10x10; SSIM needs frames of at least 11x11 pixels", error.Message, StringComparison.Ordinal);
    }

    private void Write(string? sessionIntrinsics, params string[] rows) => Write(sessionIntrinsics, Width, Height, rows);

    private void Write(string? sessionIntrinsics, int cameraWidth, int cameraHeight, params string[] rows)
    {
        File.WriteAllText(Path.Combine(folder.Path, "session.json"), string.Create(CultureInfo.InvariantCulture, $$"""
            { "format": 1, "device": "test", "software": "test",
              "camera": { "model": "test", "width": {{cameraWidth}}, "height": {{cameraHeight}}, "intrinsics": {{sessionIntrinsics ?? "null"}}, "readout_ns": 0 },
              "imu": { "model": "test", "max_gap_ns": 20000000 },
              "calibration": { "imu_to_camera": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "time_offset_ns": 0, "gyro_bias": [0, 0, 0] } }
            """));
        File.WriteAllText(Path.Combine(folder.Path, "frames.csv"), Header + "\n" + string.Join("\n", rows) + "\n");
        var gyro = new StringBuilder("t_ns,wx,wy,wz\n");
        for (long t = 900_000_000; t < 2_100_000_000; t += 5_000_000)
            gyro.Append(CultureInfo.InvariantCulture, $"{t},0.1,-0.2,0.05\n");
        File.WriteAllText(Path.Combine(folder.Path, "gyro.csv"), gyro.ToString());
        foreach (var row in rows)
        {
            var cells = row.Split(',');
            WritePng(Path.Combine(folder.Path, cells[3]), Width, Height);
            WritePng(Path.Combine(folder.Path, cells[4]), Width, Height);
        }
    }

    private static void WritePng(string path, int width, int height)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var encoder = new PngEncoder();
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = (byte)(i * 7);
        File.WriteAllBytes(path, encoder.Encode(pixels, width, height, width * 3, FramePixelFormat.Rgb24).ToArray());
    }
}
