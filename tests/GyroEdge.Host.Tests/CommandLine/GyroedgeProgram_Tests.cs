using GyroEdge.Host.CommandLine;
using GyroEdge.Host.Tests.Support;
using GyroEdge.Imaging.TurboJpeg;
using GyroEdge.TestSupport;
using System.Text.Json;

namespace GyroEdge.Host.Tests.CommandLine;

/// <summary>The `gyroedge` program as a user meets it: exit codes and one clear line per failure.</summary>
public sealed class GyroedgeProgram_Tests : IDisposable
{
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("gyroedge-program-");

    public void Dispose() => scratch.Delete(recursive: true);

    private static string GyroProbe => TrainerFixture.Load("contract_probe_gyro").ModelPath;

    private static string BlindProbe => TrainerFixture.Load("contract_probe_blind").ModelPath;

    // Two 64x48 frames with ground truth, written by the trainer's synth (see its README).
    private static string SmallRecording => Path.Combine(Repository.Root, "tests", "GyroEdge.Hardware.Tests", "Frames", "Fixtures", "trainer_recording");

    [Fact]
    public void Demo_Runs_The_Simulated_Device_And_Prints_Psnr_Before_And_After_And_The_Latencies()
    {
        var output = Path.Combine(scratch.FullName, "demo-out");

        var result = GyroedgeProcess.Run(["demo", "--recording", SmallRecording, "--model", GyroProbe, "--blind", BlindProbe, "--out", output, "--fps", "10"]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("demo: simulated device sim-01: emulated ICM-42688-P", result.Output, StringComparison.Ordinal);
        Assert.Contains("mean PSNR", result.Output, StringComparison.Ordinal);
        Assert.Contains("latency: median", result.Output, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(output, "side-by-side"), "*.jpg").Length);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.Equal(2, summary.RootElement.GetProperty("frames").GetArrayLength());
        Assert.True(summary.RootElement.GetProperty("pipeline").GetProperty("frames_out").GetInt64() >= 2);
    }

    [Fact]
    public void Demo_With_A_Missing_Model_Says_Which_File_And_Exits_With_NoInput()
    {
        var missing = Path.Combine(scratch.FullName, "nowhere.onnx");

        var result = GyroedgeProcess.Run(["demo", "--recording", SmallRecording, "--model", missing, "--blind", BlindProbe, "--out", scratch.FullName]);

        Assert.Equal(ExitCodes.NoInput, result.ExitCode);
        Assert.StartsWith($"gyroedge demo: {missing} does not exist", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [Fact]
    public void Demo_With_A_Truncated_Model_Names_The_File_And_Exits_With_DataError()
    {
        var models = Directory.CreateDirectory(Path.Combine(scratch.FullName, "models")).FullName;
        var truncated = Path.Combine(models, Path.GetFileName(GyroProbe));
        var whole = File.ReadAllBytes(GyroProbe);
        File.WriteAllBytes(truncated, whole.AsSpan(0, whole.Length / 2).ToArray());
        File.Copy(Path.ChangeExtension(GyroProbe, ".manifest.json"), Path.ChangeExtension(truncated, ".manifest.json"));

        var result = GyroedgeProcess.Run(["demo", "--recording", SmallRecording, "--model", truncated, "--blind", BlindProbe, "--out", scratch.FullName]);

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains(truncated, result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [Fact]
    public void Demo_Against_A_Broker_That_Is_Not_There_Says_So_And_Exits_With_Unavailable()
    {
        var port = FreePort.OnLoopback();

        var result = GyroedgeProcess.Run(["demo", "--recording", SmallRecording, "--model", GyroProbe, "--blind", BlindProbe, "--out", scratch.FullName, "--broker", $"127.0.0.1:{port}"]);

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.Contains($"127.0.0.1:{port}", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
        Assert.False(File.Exists(Path.Combine(scratch.FullName, "summary.json")));
    }

    [Fact]
    public void Demo_With_A_Malformed_Broker_Address_Is_A_Usage_Error()
    {
        var result = GyroedgeProcess.Run(["demo", "--recording", SmallRecording, "--model", GyroProbe, "--blind", BlindProbe, "--broker", "localhost"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("is not host:port", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_Reports_A_Missing_Onnx_Runtime_With_The_Fix_And_Exits_Non_Zero()
    {
        var missing = Path.Combine(scratch.FullName, "libonnxruntime.so.1");

        var result = GyroedgeProcess.Run(["doctor"], new Dictionary<string, string?> { ["GYROEDGE_ORT_LIBRARY"] = missing });

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.Contains("[missing] ONNX Runtime", result.Output, StringComparison.Ordinal);
        Assert.Contains(missing, result.Output, StringComparison.Ordinal);
        Assert.Contains("[ok]      libmosquitto", result.Output, StringComparison.Ordinal);
        Assert.Contains("[ok]      libturbojpeg", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_Reports_Every_Library_Present_With_Its_Version()
    {
        var result = GyroedgeProcess.Run(["doctor"]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("[ok]      ONNX Runtime: 1.", result.Output, StringComparison.Ordinal);
        Assert.Contains("[ok]      libmosquitto: 2.", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[missing]", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("setup")]
    [InlineData("test")]
    public void The_Installed_Program_Answers_Checkout_Commands_By_Saying_Where_They_Run(string command)
    {
        var result = GyroedgeProcess.Run([command]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"./gyroedge {command}", result.Error, StringComparison.Ordinal);
        Assert.Contains("gyroedge doctor", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Unknown_Subcommand_Is_Refused()
    {
        var result = GyroedgeProcess.Run(["fly"]);

        Assert.NotEqual(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("fly", result.Error, StringComparison.Ordinal);
    }
}
