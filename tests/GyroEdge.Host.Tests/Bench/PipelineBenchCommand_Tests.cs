using System.CommandLine;
using System.Text.Json.Nodes;
using GyroEdge.Host.Bench;
using GyroEdge.Host.CommandLine;
using GyroEdge.TestSupport;

namespace GyroEdge.Host.Tests.Bench;

/// <summary>`gyroedge bench pipeline` as a command: the whole simulated device runs and its figures add up. Timing itself is never asserted.</summary>
public sealed class PipelineBenchCommand_Tests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("gyroedge-bench-pipeline-test-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    // The trainer's cheap twin fixtures: the point is the plumbing, not the pixels.
    private static string Gyro => TrainerFixture.Load("contract_probe_gyro").ModelPath;

    private static string Blind => TrainerFixture.Load("contract_probe_blind").ModelPath;

    private static Task<int> Invoke(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(BenchCommand.Create(PipelineBenchCommand.Create()));
        return root.Parse(["bench", "pipeline", .. args]).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    [Fact]
    public async Task Writes_The_Issue_Keys_And_Every_Frame_In_Is_Out_Or_Dropped()
    {
        var json = Path.Combine(scratch, "pipeline.json");

        var code = await Invoke("--fps", "10", "--seconds", "2", "--size", "64x48", "--model", Gyro, "--blind", Blind, "--json", json);

        Assert.Equal(ExitCodes.Ok, code);
        var figures = JsonNode.Parse(await File.ReadAllTextAsync(json))!.AsObject();
        foreach (var key in new[] { "frames_in", "frames_out", "dropped", "latency_ms_median", "latency_ms_p99", "cpu" })
            Assert.True(figures.ContainsKey(key), $"{key} is missing from {figures}");
        var (framesIn, framesOut, dropped) = (figures["frames_in"]!.GetValue<long>(), figures["frames_out"]!.GetValue<long>(), figures["dropped"]!.GetValue<long>());
        Assert.True(framesIn >= 10, $"2 s at 10 fps gave only {framesIn} frames in");
        Assert.Equal(framesIn, framesOut + dropped);
        Assert.True(figures["latency_ms_p99"]!.GetValue<double>() >= figures["latency_ms_median"]!.GetValue<double>());
        Assert.True(figures["imu_samples"]!.GetValue<long>() > 0);
        Assert.Equal(0, figures["imu_samples_lost"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("--fps", "0")]
    [InlineData("--size", "64by48")]
    public async Task A_Bad_Figure_Is_A_Usage_Error(string option, string value)
    {
        Assert.Equal(ExitCodes.Usage, await Invoke("--model", Gyro, "--blind", Blind, "--seconds", "1", option, value));
    }

    [Fact]
    public async Task A_Missing_Model_Is_EX_NOINPUT()
    {
        Assert.Equal(ExitCodes.NoInput, await Invoke("--model", Path.Combine(scratch, "absent.onnx"), "--blind", Blind, "--seconds", "1"));
    }
}
