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

    private static string AnySizeProbe => TrainerFixture.Load("contract_probe_any_size").ModelPath;

    [Fact]
    public void Demo_Runs_A_Frame_Through_The_Model_And_Mqtt_And_Writes_What_It_Received()
    {
        var output = Path.Combine(scratch.FullName, "demo-out");

        var result = GyroedgeProcess.Run(["demo", "--model", AnySizeProbe, "--out", output]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("demo: generated test pattern (640x480)", result.Output, StringComparison.Ordinal);
        using var decoder = new JpegDecoder();
        var received = decoder.ReadHeader(File.ReadAllBytes(Path.Combine(output, "frame.jpg")));
        Assert.Equal((640, 480), (received.Width, received.Height));
        var sent = decoder.ReadHeader(File.ReadAllBytes(Path.Combine(output, "input.jpg")));
        Assert.Equal((640, 480), (sent.Width, sent.Height));
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "frame.json")));
        Assert.Equal("image/jpeg", metadata.RootElement.GetProperty("content_type").GetString());
        Assert.Equal("gyroedge/v1/demo/frame", metadata.RootElement.GetProperty("topic").GetString());
        Assert.Equal("5", metadata.RootElement.GetProperty("rotations").GetString());
        Assert.Equal("contract_probe_any_size.onnx", metadata.RootElement.GetProperty("model").GetString());
        Assert.Empty(Directory.GetFiles(output, "*.tmp"));
    }

    [Fact]
    public void Demo_With_A_Missing_Model_Says_Which_File_And_Exits_With_NoInput()
    {
        var missing = Path.Combine(scratch.FullName, "nowhere.onnx");

        var result = GyroedgeProcess.Run(["demo", "--model", missing, "--out", scratch.FullName]);

        Assert.Equal(ExitCodes.NoInput, result.ExitCode);
        Assert.StartsWith($"gyroedge demo: --model {missing} does not exist", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [Fact]
    public void Demo_With_A_Truncated_Model_Names_The_File_And_Exits_With_DataError()
    {
        var whole = File.ReadAllBytes(AnySizeProbe);
        var truncated = Path.Combine(scratch.FullName, "truncated.onnx");
        File.WriteAllBytes(truncated, whole.AsSpan(0, whole.Length / 2).ToArray());

        var result = GyroedgeProcess.Run(["demo", "--model", truncated, "--out", scratch.FullName]);

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains(truncated, result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [Fact]
    public void Demo_Against_A_Broker_That_Is_Not_There_Says_So_And_Exits_With_Unavailable()
    {
        var port = FreePort.OnLoopback();

        var result = GyroedgeProcess.Run(["demo", "--model", AnySizeProbe, "--out", scratch.FullName, "--broker", $"127.0.0.1:{port}"]);

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.Contains($"127.0.0.1:{port}", result.Error, StringComparison.Ordinal);
        Assert.Contains("is the broker running?", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
        Assert.False(File.Exists(Path.Combine(scratch.FullName, "frame.jpg")));
    }

    [Fact]
    public void Demo_With_A_Malformed_Broker_Address_Is_A_Usage_Error()
    {
        var result = GyroedgeProcess.Run(["demo", "--model", AnySizeProbe, "--broker", "localhost"]);

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
