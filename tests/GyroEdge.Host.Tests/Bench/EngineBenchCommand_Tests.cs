using System.CommandLine;
using System.Text.Json.Nodes;
using GyroEdge.Host.Bench;
using GyroEdge.Host.CommandLine;
using GyroEdge.TestSupport;

namespace GyroEdge.Host.Tests.Bench;

/// <summary>`gyroedge bench engine` as a command: it runs and writes its figures. Timing itself is never asserted.</summary>
public sealed class EngineBenchCommand_Tests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("gyroedge-bench-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    // The contract probe packaged by the trainer's tests (tests/trainer/test_manifest.py), align 8.
    private static string ProbeModel => Path.Combine(Repository.TrainerFixtures, "contract_probe_gyro.onnx");

    private static Task<int> Invoke(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(BenchCommand.Create(EngineBenchCommand.Create()));
        return root.Parse(["bench", "engine", .. args]).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    [Fact]
    public async Task Writes_The_Figures_As_Json_With_The_Settings_They_Were_Measured_With()
    {
        Assert.True(File.Exists(ProbeModel), $"{ProbeModel} is missing: run the trainer's tests first (./gyroedge test).");
        var json = Path.Combine(scratch, "out", "bench.json");

        var code = await Invoke("--model", ProbeModel, "--size", "60x44", "--iterations", "3", "--warmup", "1", "--threads", "1",
            "--format", "nv12", "--engine-cache", Path.Combine(scratch, "tensorrt"), "--json", json);

        Assert.Equal(ExitCodes.Ok, code);
        var figures = JsonNode.Parse(await File.ReadAllTextAsync(json))!.AsObject();
        foreach (var key in new[] { "ort_run_ms_median", "ort_run_ms_p99", "engine_frame_ms_median", "engine_frame_ms_p99", "overhead_ratio",
            "preprocess_ms_median", "engine_run_ms_median", "postprocess_ms_median" })
        {
            Assert.True(figures[key]!.GetValue<double>() > 0, $"{key} is {figures[key]}");
        }
        Assert.Equal(figures["engine_frame_ms_median"]!.GetValue<double>() / figures["ort_run_ms_median"]!.GetValue<double>(),
            figures["overhead_ratio"]!.GetValue<double>(), 12);
        Assert.Equal("contract_probe_gyro", figures["model"]!.GetValue<string>());
        Assert.Equal("gyro", figures["model_kind"]!.GetValue<string>());
        Assert.Equal("CPU", figures["provider"]!.GetValue<string>());
        Assert.Equal(1, figures["intra_op_threads"]!.GetValue<int>());
        Assert.Equal("60x44", figures["size"]!.GetValue<string>());
        Assert.Equal("64x48", figures["model_input_size"]!.GetValue<string>());
        Assert.Equal(("nv12", "rgb24", "pad"), (figures["input_format"]!.GetValue<string>(), figures["output_format"]!.GetValue<string>(), figures["fit"]!.GetValue<string>()));
        Assert.Equal((3, 1), (figures["iterations"]!.GetValue<int>(), figures["warmup"]!.GetValue<int>()));
        Assert.Equal(64, figures["model_sha256"]!.GetValue<string>().Length);
        Assert.Equal(["bench.json"], Directory.EnumerateFiles(Path.Combine(scratch, "out")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_Refused_Package_Exits_With_EX_DATAERR()
    {
        File.Copy(ProbeModel, Path.Combine(scratch, "m.onnx"));
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(ProbeModel, ".manifest.json")))!.AsObject();
        manifest["file"] = "m.onnx";
        manifest["sha256"] = new string('0', 64);
        await File.WriteAllTextAsync(Path.Combine(scratch, "m.manifest.json"), manifest.ToJsonString());

        var code = await Invoke("--model", Path.Combine(scratch, "m.onnx"), "--size", "64x48", "--cpu");

        Assert.Equal(ExitCodes.DataError, code);
    }

    [Fact]
    public async Task A_Model_Without_A_Manifest_Exits_With_EX_NOINPUT()
    {
        File.Copy(ProbeModel, Path.Combine(scratch, "bare.onnx"));

        var code = await Invoke("--model", Path.Combine(scratch, "bare.onnx"), "--size", "64x48", "--cpu");

        Assert.Equal(ExitCodes.NoInput, code);
    }

    [Fact]
    public async Task A_Malformed_Size_Exits_With_EX_USAGE()
    {
        var code = await Invoke("--model", ProbeModel, "--size", "1280by720");

        Assert.Equal(ExitCodes.Usage, code);
    }

    [Theory]
    [InlineData("1280x720", 1280, 720)]
    [InlineData("640X480", 640, 480)]
    public void Sizes_Are_Width_By_Height(string text, int width, int height)
    {
        Assert.Equal((width, height), EngineBenchCommand.ParseSize(text));
    }

    [Theory]
    [InlineData("1280")]
    [InlineData("0x720")]
    [InlineData("-5x3")]
    [InlineData("12x34x5")]
    public void Other_Sizes_Are_Refused_With_An_Example(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => EngineBenchCommand.ParseSize(text));

        Assert.Contains($"--size {text} is not WIDTHxHEIGHT in pixels, e.g. --size 1280x720", error.Message, StringComparison.Ordinal);
    }
}
