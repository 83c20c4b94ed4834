using GyroEdge.Hardware.Frames;
using GyroEdge.Host.CommandLine;
using GyroEdge.Host.Recording;
using GyroEdge.Host.Tests.Support;

namespace GyroEdge.Host.Tests.Recording;

public sealed class GyroBlurRealExporter_Tests : IDisposable
{
    private readonly TemporaryFolder _work = new();

    public void Dispose() => _work.Dispose();

    /// <summary>A session: gyro every 1 ms from 0 to 1 s (IMU clock), two frames exposed 20 ms at 300 ms and 600 ms, one at 5 s with no gyro.</summary>
    private string Record()
    {
        var root = Path.Combine(_work.Path, "rec");
        using (var recorder = new FieldRecorder(new FieldRecorderOptions { Root = root }, Sessions.Description()))
        {
            for (var ms = 0; ms <= 1000; ms++)
                recorder.AddGyroSample(ms * 1_000_000L, ms / 1000.0, -ms / 1000.0, 0.25);
            recorder.AddFrame(1, 300_000_000, 320_000_000, Sessions.Pixels(1, 16 * 12 * 3), 16, 12, 48, FramePixelFormat.Rgb24);
            recorder.AddFrame(2, 600_000_000, 620_000_000, Sessions.Pixels(2, 16 * 12 * 3), 16, 12, 48, FramePixelFormat.Rgb24);
            recorder.AddFrame(3, 5_000_000_000, 5_020_000_000, Sessions.Pixels(3, 16 * 12 * 3), 16, 12, 48, FramePixelFormat.Rgb24);
        }
        return Directory.GetDirectories(root)[0];
    }

    [Fact]
    public void Writes_One_Scene_Per_Frame_With_Gyro_In_The_Camera_Clock_Around_The_Exposure()
    {
        var recording = Record();
        var output = Path.Combine(_work.Path, "gyroblur");

        var result = GyroBlurRealExporter.Export(recording, output, TimeSpan.FromMilliseconds(10));

        Assert.Equal(new GyroBlurRealExport(2, 1, 0), result);
        Assert.Equal(["001", "002"], Directory.GetDirectories(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var scene = Path.Combine(output, "002");
        Assert.Equal(File.ReadAllBytes(Path.Combine(recording, "frames", "000002.png")), File.ReadAllBytes(Path.Combine(scene, "blurry.png")));
        // Camera window 590..630 ms; the calibration's offset is +1.5 ms, so IMU samples 589..628 ms qualify (t_cam 590.5..629.5).
        var gyro = File.ReadAllLines(Path.Combine(scene, "gyro.txt"));
        Assert.Equal(40, gyro.Length);
        Assert.Equal("590500000 0.589 -0.589 0.25", gyro[0]);
        Assert.Equal("629500000 0.628 -0.628 0.25", gyro[^1]);
        Assert.Equal("600000000 400 20000000 20 20 8 6 0", File.ReadAllText(Path.Combine(scene, "image_info.txt")).TrimEnd('\n'));
    }

    [Fact]
    public void Refuses_To_Write_Into_A_Folder_That_Holds_Files()
    {
        var recording = Record();
        var output = Path.Combine(_work.Path, "busy");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");

        var e = Assert.Throws<IOException>(() => GyroBlurRealExporter.Export(recording, output, TimeSpan.Zero));

        Assert.Contains("never overwrites", e.Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "keep.txt")));
    }

    [Fact]
    public void The_Command_Exports_And_Reports_The_Scenes_It_Wrote()
    {
        var recording = Record();
        var output = Path.Combine(_work.Path, "cli");

        var run = GyroedgeProcess.Run(["export-gyroblur", "--recording", recording, "--out", output, "--margin-ms", "5"]);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains($"Wrote 2 scenes to {output}.", run.Output, StringComparison.Ordinal);
        Assert.Contains("Skipped 1 frames with fewer than two gyro samples", run.Output, StringComparison.Ordinal);
        Assert.Equal(30, File.ReadAllLines(Path.Combine(output, "001", "gyro.txt")).Length);
    }

    [Fact]
    public void The_Command_Names_A_Missing_Recording_Without_A_Stack_Trace()
    {
        var run = GyroedgeProcess.Run(["export-gyroblur", "--recording", Path.Combine(_work.Path, "nowhere"), "--out", Path.Combine(_work.Path, "o")]);

        Assert.Equal(ExitCodes.NoInput, run.ExitCode);
        Assert.Contains("session.json", run.Error, StringComparison.Ordinal);
        Assert.False(run.ShowsStackTrace, run.ToString());
    }
}
