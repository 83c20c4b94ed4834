using System.Globalization;
using Spectre.Console;

namespace GyroEdge.Host.Evaluation;

/// <summary>The evaluation for people: one row per image, the means, and the differences that matter.</summary>
public static class EvaluationTable
{
    /// <summary>The table through <paramref name="console"/>, then the packages and means as plain lines on <paramref name="lines"/> (unwrapped, for grep).</summary>
    public static void Write(IAnsiConsole console, EvaluationReport report, TextWriter lines)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(report);
        var baseline = report.Baseline;
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"gyroedge eval: {report.Images.Count} frames of {report.Recording} ({report.Width}x{report.Height})"));
        table.AddColumn("id", c => c.RightAligned());
        table.AddColumn("file");
        table.AddColumn("gyro");
        table.AddColumn("input PSNR / SSIM", c => c.RightAligned());
        table.AddColumn(Markup.Escape($"{report.Model.Name} PSNR / SSIM"), c => c.RightAligned());
        table.AddColumn("path");
        if (baseline is not null)
        {
            table.AddColumn(Markup.Escape($"{baseline.Name} PSNR / SSIM"), c => c.RightAligned());
            table.AddColumn("path");
        }
        foreach (var image in report.Images)
        {
            var cells = new List<string>
            {
                image.Id.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(image.File),
                EvaluationJson.Quality(image.GyroQuality),
                Cell(image.Input),
                Cell(image.Model.Score),
                image.Model.Path,
            };
            if (image.Baseline is { } b)
                cells.AddRange([Cell(b.Score), b.Path]);
            table.AddRow([.. cells]);
        }
        var means = new List<string> { "", "[bold]mean[/]", "", Cell(report.InputMean, bold: true), Cell(report.ModelMean, bold: true), "" };
        if (report.BaselineMean is { } baselineMean)
            means.AddRange([Cell(baselineMean, bold: true), ""]);
        table.AddEmptyRow();
        table.AddRow([.. means]);
        console.Write(table);

        lines.WriteLine(Describe("model", report.Model));
        if (baseline is not null)
            lines.WriteLine(Describe("baseline", baseline));
        lines.WriteLine(Summary(report));
    }

    /// <summary>The means in one line, e.g. "mean PSNR / SSIM: input 25.59 / 0.7099, model 26.45 / 0.7523 (+0.86 dB vs the input), ...".</summary>
    public static string Summary(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var input = report.InputMean;
        var model = report.ModelMean;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"mean PSNR / SSIM: input {Plain(input)}, {report.Model.Name} {Plain(model)} ({Signed(model.Psnr - input.Psnr)} dB vs the input)");
        if (report.Baseline is { } baseline && report.BaselineMean is { } mean)
        {
            line += string.Create(CultureInfo.InvariantCulture,
                $", {baseline.Name} {Plain(mean)} ({Signed(mean.Psnr - input.Psnr)} dB vs the input); {report.Model.Name} - {baseline.Name}: {Signed(model.Psnr - mean.Psnr)} dB");
        }
        return line;
    }

    private static string Describe(string role, EvaluatedPackage package)
    {
        var rotations = package.RotationCount is { } m ? string.Create(CultureInfo.InvariantCulture, $", M = {m}") : "";
        var fallback = package.Fallback is { } twin ? $"; frames without gyro run its blind twin {twin.Name} (sha256 {twin.Sha256})" : "";
        return $"{role}: {package.Name} {package.Version} ({package.Kind}{rotations}) sha256 {package.Sha256} on {package.Provider}{fallback}";
    }

    private static string Cell(QualityScore score, bool bold = false)
    {
        var text = Plain(score);
        return bold ? $"[bold]{text}[/]" : text;
    }

    private static string Plain(QualityScore score) => string.Create(CultureInfo.InvariantCulture, $"{score.Psnr:F2} / {score.Ssim:F4}");

    private static string Signed(double value) => value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
}
