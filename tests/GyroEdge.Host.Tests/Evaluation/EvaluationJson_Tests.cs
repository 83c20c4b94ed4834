using System.Text.Json.Nodes;
using GyroEdge.Domain.Gyro;
using GyroEdge.Host.Evaluation;
using GyroEdge.Host.Tests.Recording;

namespace GyroEdge.Host.Tests.Evaluation;

/// <summary>The report's JSON and summary line for cases a real run rarely meets.</summary>
public sealed class EvaluationJson_Tests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task An_Output_Identical_To_Its_Ground_Truth_Is_Written_As_Infinity_And_Averages_To_Infinity()
    {
        var report = Report(
            Image(0, new QualityScore(20, 0.5), new ModelScore(new QualityScore(double.PositiveInfinity, 1), "gyro"), GyroQuality.Good, GyroQualityIssues.None),
            Image(1, new QualityScore(30, 0.7), new ModelScore(new QualityScore(25, 0.9), "blind"), GyroQuality.None, GyroQualityIssues.NotCovered | GyroQualityIssues.Gaps));
        var path = Path.Combine(folder.Path, "out", "eval.json");

        await EvaluationJson.WriteAsync(report, path, CancellationToken.None);

        var json = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.Equal("Infinity", json["images"]![0]!["model"]!["psnr"]!.GetValue<string>());
        Assert.Equal("Infinity", json["model"]!["psnr"]!.GetValue<string>());
        Assert.Equal(25.0, json["input"]!["psnr"]!.GetValue<double>());
        Assert.Equal(0.95, json["model"]!["ssim"]!.GetValue<double>(), 12);
        Assert.Equal(["gaps", "not_covered"], json["images"]![1]!["gyro_issues"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal("none", json["images"]![1]!["gyro_quality"]!.GetValue<string>());
        Assert.Equal((1, 1), (json["model"]!["frames_by_path"]!["gyro"]!.GetValue<int>(), json["model"]!["frames_by_path"]!["blind"]!.GetValue<int>()));
        Assert.Null(json["baseline"]);
        Assert.Equal(["eval.json"], Directory.EnumerateFiles(Path.Combine(folder.Path, "out")).Select(Path.GetFileName));
    }

    [Fact]
    public void The_Summary_Gives_The_Means_And_The_Differences_That_Matter()
    {
        var report = Report(
            Image(0, new QualityScore(20, 0.5), new ModelScore(new QualityScore(23, 0.6), "gyro"), GyroQuality.Good, GyroQualityIssues.None, new ModelScore(new QualityScore(21.5, 0.55), "blind")),
            Image(1, new QualityScore(22, 0.7), new ModelScore(new QualityScore(25, 0.8), "gyro"), GyroQuality.Degraded, GyroQualityIssues.Dropouts, new ModelScore(new QualityScore(22.5, 0.75), "blind")))
            with { Baseline = Package("edge-blind", "blind") };

        var summary = EvaluationTable.Summary(report);

        Assert.Equal("mean PSNR / SSIM: input 21.00 / 0.6000, edge 24.00 / 0.7000 (+3.00 dB vs the input), "
            + "edge-blind 22.00 / 0.6500 (+1.00 dB vs the input); edge - edge-blind: +2.00 dB", summary);
    }

    private static EvaluationReport Report(params ImageEvaluation[] images) =>
        new("/recordings/r", 96, 64, "1.22.0", "CPU", [], Package("edge", "gyro"), null, images);

    private static EvaluatedPackage Package(string name, string kind) =>
        new(name, "1.0.0", kind, $"/models/{name}.onnx", new string('a', 64), kind == "gyro" ? 9 : null, "CPU", null);

    private static ImageEvaluation Image(long id, QualityScore input, ModelScore model, GyroQuality quality, GyroQualityIssues issues, ModelScore? baseline = null) =>
        new(id, $"frames/{id:D6}.png", $"sharp/{id:D6}.png", quality, issues, input, model, baseline);
}
