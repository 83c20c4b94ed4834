using System.Text.Json.Nodes;
using GyroEdge.Host.Demo;
using GyroEdge.Imaging.TurboJpeg;
using GyroEdge.TestSupport;

namespace GyroEdge.Host.Tests.Demo;

/// <summary>
/// `gyroedge demo` on the trainer's small fixture recording (two 64x48 frames with ground truth)
/// and the cheap twin fixture models: the plumbing and the scoring, not the model's quality.
/// </summary>
public sealed class DeviceDemo_Tests : IDisposable
{
    private static readonly string Recording = Path.Combine(Repository.Root, "tests", "GyroEdge.Hardware.Tests", "Frames", "Fixtures", "trainer_recording");
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("gyroedge-demo-test-");

    public void Dispose() => scratch.Delete(recursive: true);

    private DeviceDemoSettings Settings(string recording) => new(
        new DirectoryInfo(recording),
        new FileInfo(TrainerFixture.Load("contract_probe_gyro").ModelPath),
        new FileInfo(TrainerFixture.Load("contract_probe_blind").ModelPath),
        new DirectoryInfo(Path.Combine(scratch.FullName, "demo-out")),
        Broker: null, FramesPerSecond: 10, Timeout: TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Every_Recorded_Frame_Comes_Back_Over_Mqtt_Scored_And_Shown_Beside_Its_Blurred_Input_And_Ground_Truth()
    {
        var result = await DeviceDemo.RunAsync(Settings(Recording), TextWriter.Null, CancellationToken.None);

        Assert.Equal([0, 1], result.Frames.Select(f => f.Index));
        using var decoder = new JpegDecoder();
        foreach (var frame in result.Frames)
        {
            Assert.Equal("good", frame.GyroQuality);
            Assert.Equal("contract_probe_gyro", frame.Model);
            Assert.InRange(frame.InputPsnr, 10, 60);
            Assert.InRange(frame.OutputPsnr, 10, 60);
            var header = decoder.ReadHeader(File.ReadAllBytes(Path.Combine(result.Output, frame.SideBySide)));
            Assert.Equal((64 * 3, 48), (header.Width, header.Height));
        }
        Assert.True(result.Pipeline.FramesOut >= 2, result.Pipeline.Describe());
        Assert.True(result.Pipeline.ImuSamples > 0);
        var summary = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(result.Output, "summary.json")))!;
        Assert.Equal(result.Frames.Average(f => f.OutputPsnr), summary["mean_output_psnr"]!.GetValue<double>(), 3);
        Assert.True(File.Exists(Path.Combine(result.Output, "fleet", "sim-01", "meta.jsonl")));
    }

    [Fact]
    public async Task A_Recording_Without_Ground_Truth_Is_Refused_Naming_The_Frame()
    {
        var copy = Path.Combine(scratch.FullName, "no-truth");
        CopyDirectory(Recording, copy);
        var csv = Path.Combine(copy, "frames.csv");
        var lines = File.ReadAllLines(csv);
        var cells = lines[2].Split(',');
        cells[4] = "";
        lines[2] = string.Join(',', cells);
        File.WriteAllLines(csv, lines);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => DeviceDemo.RunAsync(Settings(copy), TextWriter.Null, CancellationToken.None));

        Assert.Contains("frame 1 has no sharp_file", error.Message, StringComparison.Ordinal);
        Assert.Contains("./gyroedge synth", error.Message, StringComparison.Ordinal);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
    }
}
