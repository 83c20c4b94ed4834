using GyroEdge.Domain.Gyro;

namespace GyroEdge.Host.Evaluation;

/// <summary>PSNR (dB; +inf for identical images) and SSIM of an image against the ground truth, on 8-bit RGB.</summary>
public readonly record struct QualityScore(double Psnr, double Ssim)
{
    /// <summary>The mean of each metric, as the trainer's evaluation averages (an infinite PSNR makes the mean infinite).</summary>
    public static QualityScore Mean(IEnumerable<QualityScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var all = scores.ToArray();
        return all.Length == 0 ? new QualityScore(double.NaN, double.NaN) : new QualityScore(all.Average(s => s.Psnr), all.Average(s => s.Ssim));
    }
}

/// <summary>A model's score on one image and the path it took: "gyro", or "blind" (a blind model, or a gyro model's fallback).</summary>
public sealed record ModelScore(QualityScore Score, string Path);

/// <summary>One image of the recording.</summary>
/// <param name="Id">frames.csv id.</param>
/// <param name="File">The blurred frame, relative to the recording.</param>
/// <param name="SharpFile">Its ground truth, relative to the recording.</param>
/// <param name="GyroQuality">The frame's motion quality as the daemon judges it.</param>
/// <param name="GyroIssues">Why the quality is not Good.</param>
/// <param name="Input">The blurred frame itself against the ground truth.</param>
/// <param name="Model">The model's output.</param>
/// <param name="Baseline">The baseline's output, or null without --baseline.</param>
public sealed record ImageEvaluation(
    long Id,
    string File,
    string SharpFile,
    GyroQuality GyroQuality,
    GyroQualityIssues GyroIssues,
    QualityScore Input,
    ModelScore Model,
    ModelScore? Baseline);

/// <summary>A model package as evaluated.</summary>
/// <param name="Name">Manifest name.</param>
/// <param name="Version">Manifest version.</param>
/// <param name="Kind">"gyro" or "blind".</param>
/// <param name="File">The .onnx file, absolute.</param>
/// <param name="Sha256">The file's sha256 (checked against the manifest).</param>
/// <param name="RotationCount">M of a gyro model; null for a blind one.</param>
/// <param name="Provider">The execution provider it ran on.</param>
/// <param name="Fallback">The blind twin that ran the frames without usable gyro, or null.</param>
public sealed record EvaluatedPackage(string Name, string Version, string Kind, string File, string Sha256, int? RotationCount, string Provider, EvaluatedPackage? Fallback);

/// <summary>What `gyroedge eval` measured.</summary>
/// <param name="Recording">The recording folder, absolute.</param>
/// <param name="Width">Frame width.</param>
/// <param name="Height">Frame height.</param>
/// <param name="OnnxRuntimeVersion">The ONNX Runtime library that ran the models.</param>
/// <param name="Provider">The provider the model ran on.</param>
/// <param name="ProviderFallbacks">Providers tried and skipped before it.</param>
/// <param name="Model">The --model package.</param>
/// <param name="Baseline">The --baseline package, or null.</param>
/// <param name="Images">One row per frame, in frames.csv order.</param>
public sealed record EvaluationReport(
    string Recording,
    int Width,
    int Height,
    string OnnxRuntimeVersion,
    string Provider,
    IReadOnlyList<string> ProviderFallbacks,
    EvaluatedPackage Model,
    EvaluatedPackage? Baseline,
    IReadOnlyList<ImageEvaluation> Images)
{
    public QualityScore InputMean => QualityScore.Mean(Images.Select(i => i.Input));

    public QualityScore ModelMean => QualityScore.Mean(Images.Select(i => i.Model.Score));

    /// <summary>Null without a baseline.</summary>
    public QualityScore? BaselineMean => Baseline is null ? null : QualityScore.Mean(Images.Select(i => i.Baseline!.Score));
}
