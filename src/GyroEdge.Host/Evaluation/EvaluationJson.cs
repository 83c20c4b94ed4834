using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using GyroEdge.Domain.Gyro;

namespace GyroEdge.Host.Evaluation;

/// <summary>
/// The evaluation as JSON, in the trainer's eval-torch layout (evaluation.py) so reports from
/// both paths read alike: <c>recording</c>, <c>input</c>, <c>model</c>, <c>baseline</c> (each
/// {psnr, ssim}, the model and baseline with their package; <c>baseline</c> null without one),
/// <c>images</c> (one row per frame), plus the runtime and provider. An infinite PSNR (output
/// identical to the ground truth) is written as the string "Infinity": JSON has no infinity.
/// </summary>
public static class EvaluationJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static JsonObject ToJson(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var baselineMean = report.BaselineMean;
        return new JsonObject
        {
            ["recording"] = report.Recording,
            ["runtime"] = "onnxruntime",
            ["onnxruntime"] = report.OnnxRuntimeVersion,
            ["provider"] = report.Provider,
            ["provider_fallbacks"] = new JsonArray([.. report.ProviderFallbacks.Select(r => JsonValue.Create(r))]),
            ["size"] = string.Create(CultureInfo.InvariantCulture, $"{report.Width}x{report.Height}"),
            ["frames"] = report.Images.Count,
            ["input"] = Score(report.InputMean),
            ["model"] = Package(report.Model, report.ModelMean, report.Images.Select(i => i.Model)),
            ["baseline"] = report.Baseline is null ? null : Package(report.Baseline, baselineMean!.Value, report.Images.Select(i => i.Baseline!)),
            ["images"] = new JsonArray([.. report.Images.Select(Row)]),
        };
    }

    /// <summary>Writes the report to <paramref name="path"/> through a temporary file, so a reader never sees half of it.</summary>
    public static async Task WriteAsync(EvaluationReport report, string path, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        await File.WriteAllTextAsync(temporary, ToJson(report).ToJsonString(Options) + "\n", cancel).ConfigureAwait(false);
        File.Move(temporary, full, overwrite: true);
    }

    private static JsonObject Score(QualityScore score) => new() { ["psnr"] = score.Psnr, ["ssim"] = score.Ssim };

    private static JsonObject Package(EvaluatedPackage package, QualityScore mean, IEnumerable<ModelScore> rows)
    {
        var json = Describe(package);
        json["psnr"] = mean.Psnr;
        json["ssim"] = mean.Ssim;
        var paths = rows.GroupBy(r => r.Path).OrderBy(g => g.Key, StringComparer.Ordinal);
        json["frames_by_path"] = new JsonObject(paths.Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count())));
        return json;
    }

    private static JsonObject Describe(EvaluatedPackage package) => new()
    {
        ["name"] = package.Name,
        ["version"] = package.Version,
        ["kind"] = package.Kind,
        ["file"] = package.File,
        ["sha256"] = package.Sha256,
        ["rotation_count"] = package.RotationCount,
        ["provider"] = package.Provider,
        ["fallback"] = package.Fallback is null ? null : Describe(package.Fallback),
    };

    private static JsonObject Row(ImageEvaluation image) => new()
    {
        ["id"] = image.Id,
        ["file"] = image.File,
        ["sharp_file"] = image.SharpFile,
        ["gyro_quality"] = Quality(image.GyroQuality),
        ["gyro_issues"] = new JsonArray([.. Issues(image.GyroIssues).Select(i => JsonValue.Create(i))]),
        ["input"] = Score(image.Input),
        ["model"] = Run(image.Model),
        ["baseline"] = image.Baseline is null ? null : Run(image.Baseline),
    };

    private static JsonObject Run(ModelScore score) => new() { ["psnr"] = score.Score.Psnr, ["ssim"] = score.Score.Ssim, ["path"] = score.Path };

    /// <summary>As the daemon publishes gyro_quality: good, degraded, none.</summary>
    public static string Quality(GyroQuality quality) => quality.ToString().ToLowerInvariant();

    /// <summary>The issue flags in snake case: gaps, saturation, dropouts, not_covered.</summary>
    public static IEnumerable<string> Issues(GyroQualityIssues issues) =>
        Enum.GetValues<GyroQualityIssues>()
            .Where(flag => flag != GyroQualityIssues.None && issues.HasFlag(flag))
            .Select(flag => flag == GyroQualityIssues.NotCovered ? "not_covered" : flag.ToString().ToLowerInvariant());
}
