using System.Globalization;
using System.Text.Json.Nodes;
using GyroEdge.Host.CommandLine;
using GyroEdge.Host.Tests.Support;
using GyroEdge.TestSupport;

namespace GyroEdge.Host.Tests.Evaluation;

/// <summary>`gyroedge eval` as a user runs it: the report, the fallback to the blind twin, and one clear line per mistake.</summary>
[Collection(nameof(SharedEvaluationSet))]
public sealed class EvalCommand_Tests(EvaluationSet set)
{
    private static string ShippedModel => Path.Combine(Repository.Root, "models", "gyroedge-edge.onnx");

    private static string ShippedTwin => Path.Combine(Repository.Root, "models", "gyroedge-edge-blind.onnx");

    [Fact]
    public void Reports_The_Means_And_One_Row_Per_Image_For_The_Shipped_Model_And_Its_Twin()
    {
        var json = NewPath("shipped.json");

        var result = Eval("--recording", set.Recording, "--model", ShippedModel, "--baseline", ShippedTwin, "--json", json);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var report = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        Assert.Equal(set.Recording, report["recording"]!.GetValue<string>());
        Assert.Equal("CPU", report["provider"]!.GetValue<string>());
        Assert.Equal("96x64", report["size"]!.GetValue<string>());
        var model = report["model"]!.AsObject();
        Assert.Equal(("gyroedge-edge", "gyro", 9), (model["name"]!.GetValue<string>(), model["kind"]!.GetValue<string>(), model["rotation_count"]!.GetValue<int>()));
        Assert.Equal(ManifestSha256(ShippedModel), model["sha256"]!.GetValue<string>());
        // Twins run as the daemon runs them: one engine, the blind one the gyro model's fallback.
        Assert.Equal("gyroedge-edge-blind", model["fallback"]!["name"]!.GetValue<string>());
        var baseline = report["baseline"]!.AsObject();
        Assert.Equal(("gyroedge-edge-blind", "blind"), (baseline["name"]!.GetValue<string>(), baseline["kind"]!.GetValue<string>()));
        Assert.Equal(ManifestSha256(ShippedTwin), baseline["sha256"]!.GetValue<string>());

        var rows = report["images"]!.AsArray();
        Assert.Equal(EvaluationSet.Frames, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal("gyro", row!["model"]!["path"]!.GetValue<string>());
            Assert.Equal("blind", row["baseline"]!["path"]!.GetValue<string>());
            Assert.Contains(row["gyro_quality"]!.GetValue<string>(), new[] { "good", "degraded" });
            Assert.StartsWith("sharp/", row["sharp_file"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.InRange(row["model"]!["ssim"]!.GetValue<double>(), 0, 1);
        }
        foreach (var key in new[] { "input", "model", "baseline" })
        {
            Assert.Equal(rows.Average(r => r![key]!["psnr"]!.GetValue<double>()), report[key]!["psnr"]!.GetValue<double>(), 12);
            Assert.Equal(rows.Average(r => r![key]!["ssim"]!.GetValue<double>()), report[key]!["ssim"]!.GetValue<double>(), 12);
        }
        Assert.Equal(4, model["frames_by_path"]!["gyro"]!.GetValue<int>());

        // The readable side: a row per frame and the means in one line.
        foreach (var row in rows)
            Assert.Contains(row!["file"]!.GetValue<string>(), result.Output, StringComparison.Ordinal);
        var summary = result.Output.Split('\n').Single(l => l.StartsWith("mean PSNR / SSIM: input ", StringComparison.Ordinal));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"input {report["input"]!["psnr"]!.GetValue<double>():F2} / "), summary, StringComparison.Ordinal);
        Assert.Contains("gyroedge-edge - gyroedge-edge-blind: ", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_A_Baseline_The_Report_Has_None()
    {
        var json = NewPath("alone.json");

        var result = Eval("--recording", set.Recording, "--model", set.GyroModel, "--json", json);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var report = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        Assert.True(report.ContainsKey("baseline"));
        Assert.Null(report["baseline"]);
        // Every frame has gyro, so the twin beside the model is never needed nor loaded.
        Assert.Null(report["model"]!["fallback"]);
        Assert.All(report["images"]!.AsArray(), row => Assert.Null(row!["baseline"]));
    }

    [Fact]
    public void The_Blind_Twin_Scores_The_Same_Alone_As_Beside_Its_Gyro_Model()
    {
        var alone = NewPath("blind-alone.json");
        var paired = NewPath("blind-paired.json");

        var first = Eval("--recording", set.Recording, "--model", set.BlindModel, "--json", alone);
        var second = Eval("--recording", set.Recording, "--model", set.GyroModel, "--baseline", set.BlindModel, "--json", paired);

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        var blind = JsonNode.Parse(File.ReadAllText(alone))!["images"]!.AsArray();
        var pair = JsonNode.Parse(File.ReadAllText(paired))!["images"]!.AsArray();
        for (var i = 0; i < blind.Count; i++)
        {
            Assert.Equal("blind", blind[i]!["model"]!["path"]!.GetValue<string>());
            Assert.Equal(pair[i]!["baseline"]!["psnr"]!.GetValue<double>(), blind[i]!["model"]!["psnr"]!.GetValue<double>());
            Assert.NotEqual(pair[i]!["model"]!["psnr"]!.GetValue<double>(), blind[i]!["model"]!["psnr"]!.GetValue<double>());
        }
        Assert.Null(JsonNode.Parse(File.ReadAllText(alone))!["model"]!["rotation_count"]);
    }

    [Fact]
    public void A_Frame_Without_Gyro_Runs_The_Blind_Twin_Beside_The_Model_As_The_Daemon_Would()
    {
        var recording = set.CopyRecording($"gyro-hole-{Guid.NewGuid():N}");
        var hole = RemoveGyroAroundFrame(recording, frame: 1);
        var withTwin = NewPath("hole.json");
        var twinAlone = NewPath("hole-twin.json");

        var result = Eval("--recording", recording, "--model", set.GyroModel, "--json", withTwin);
        var twin = Eval("--recording", recording, "--model", set.BlindModel, "--json", twinAlone);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.True(twin.ExitCode == ExitCodes.Ok, twin.ToString());
        Assert.True(hole > 0);
        var report = JsonNode.Parse(File.ReadAllText(withTwin))!.AsObject();
        Assert.Equal("tiny-blind", report["model"]!["fallback"]!["name"]!.GetValue<string>());
        var rows = report["images"]!.AsArray();
        Assert.Equal("none", rows[1]!["gyro_quality"]!.GetValue<string>());
        Assert.Contains("not_covered", rows[1]!["gyro_issues"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(["gyro", "blind", "gyro", "gyro"], rows.Select(r => r!["model"]!["path"]!.GetValue<string>()));
        Assert.Equal(
            JsonNode.Parse(File.ReadAllText(twinAlone))!["images"]![1]!["model"]!["psnr"]!.GetValue<double>(),
            rows[1]!["model"]!["psnr"]!.GetValue<double>());
        Assert.Equal(3, report["model"]!["frames_by_path"]!["gyro"]!.GetValue<int>());
        Assert.Equal(1, report["model"]!["frames_by_path"]!["blind"]!.GetValue<int>());
    }

    [Fact]
    public void A_Frame_Without_Gyro_And_No_Twin_To_Fall_Back_On_Names_The_Frame_And_The_Twin()
    {
        var recording = set.CopyRecording($"gyro-hole-{Guid.NewGuid():N}");
        RemoveGyroAroundFrame(recording, frame: 1);
        var lonely = Path.Combine(set.Root, $"lonely-{Guid.NewGuid():N}");
        Directory.CreateDirectory(lonely);
        File.Copy(set.GyroModel, Path.Combine(lonely, "tiny.onnx"));
        File.Copy(Path.ChangeExtension(set.GyroModel, ".manifest.json"), Path.Combine(lonely, "tiny.manifest.json"));

        var result = Eval("--recording", recording, "--model", Path.Combine(lonely, "tiny.onnx"));

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        AssertOneLine(result, $"gyroedge eval: {recording}: frame 1 has no usable gyro");
        Assert.Contains("tiny-blind.manifest.json does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Missing_Recording_Exits_With_EX_NOINPUT()
    {
        var missing = Path.Combine(set.Root, "no-such-recording");

        var result = Eval("--recording", missing, "--model", set.GyroModel);

        Assert.Equal(ExitCodes.NoInput, result.ExitCode);
        AssertOneLine(result, $"gyroedge eval: --recording {missing} does not exist");
    }

    [Fact]
    public void A_Recording_Without_Ground_Truth_Names_Frames_Csv_And_The_Frame()
    {
        var recording = set.CopyRecording($"no-truth-{Guid.NewGuid():N}");
        var index = Path.Combine(recording, "frames.csv");
        var lines = File.ReadAllLines(index);
        var sharp = Array.IndexOf(lines[0].Split(','), "sharp_file");
        var cells = lines[3].Split(',');
        cells[sharp] = "";
        lines[3] = string.Join(',', cells);
        File.WriteAllLines(index, lines);

        var result = Eval("--recording", recording, "--model", set.GyroModel);

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        AssertOneLine(result, $"gyroedge eval: {index}: frame 2 has no sharp_file");
    }

    [Fact]
    public void A_Missing_Sharp_Image_Is_Named_And_Exits_With_EX_NOINPUT()
    {
        var recording = set.CopyRecording($"lost-truth-{Guid.NewGuid():N}");
        var lost = Path.Combine(recording, "sharp", "000003.png");
        File.Delete(lost);

        var result = Eval("--recording", recording, "--model", set.GyroModel);

        Assert.Equal(ExitCodes.NoInput, result.ExitCode);
        AssertOneLine(result, $"gyroedge eval: {lost} does not exist");
    }

    [Fact]
    public void A_Missing_Model_Exits_With_EX_NOINPUT()
    {
        var missing = Path.Combine(set.Root, "nowhere.onnx");

        var result = Eval("--recording", set.Recording, "--model", set.GyroModel, "--baseline", missing);

        Assert.Equal(ExitCodes.NoInput, result.ExitCode);
        AssertOneLine(result, $"gyroedge eval: --baseline {missing} does not exist");
    }

    [Fact]
    public void A_Truncated_Model_Is_Refused_By_Name_With_EX_DATAERR()
    {
        var folder = Path.Combine(set.Root, $"truncated-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var whole = File.ReadAllBytes(set.GyroModel);
        var truncated = Path.Combine(folder, "tiny.onnx");
        File.WriteAllBytes(truncated, whole.AsSpan(0, whole.Length / 2).ToArray());
        File.Copy(Path.ChangeExtension(set.GyroModel, ".manifest.json"), Path.Combine(folder, "tiny.manifest.json"));

        var result = Eval("--recording", set.Recording, "--model", truncated);

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        AssertOneLine(result, "gyroedge eval: ");
        Assert.Contains(Path.Combine(folder, "tiny.manifest.json"), result.Error, StringComparison.Ordinal);
        Assert.Contains("sha256", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Limit_Below_One_Is_A_Usage_Error()
    {
        var result = Eval("--recording", set.Recording, "--model", set.GyroModel, "--limit", "0");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        AssertOneLine(result, "gyroedge eval: --limit 0: evaluate at least 1 frame");
    }

    private static GyroedgeResult Eval(params string[] arguments) => GyroedgeProcess.Run(["eval", .. arguments, "--cpu", "--threads", "1"]);

    private string NewPath(string name) => Path.Combine(set.Root, $"{Guid.NewGuid():N}-{name}");

    private static string ManifestSha256(string model) =>
        JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(model, ".manifest.json")))!["sha256"]!.GetValue<string>();

    private static void AssertOneLine(GyroedgeResult result, string start)
    {
        Assert.False(result.ShowsStackTrace, result.ToString());
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith(start, result.Error, StringComparison.Ordinal);
    }

    /// <summary>Deletes gyro.csv's samples from 10 ms before frame <paramref name="frame"/>'s exposure to 10 ms after it; returns how many.</summary>
    private static int RemoveGyroAroundFrame(string recording, int frame)
    {
        var row = File.ReadAllLines(Path.Combine(recording, "frames.csv"))[frame + 1].Split(',');
        var (start, end) = (long.Parse(row[1], CultureInfo.InvariantCulture), long.Parse(row[2], CultureInfo.InvariantCulture));
        var gyro = Path.Combine(recording, "gyro.csv");
        var lines = File.ReadAllLines(gyro);
        var kept = lines.Take(1).Concat(lines.Skip(1).Where(l =>
        {
            var t = long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture);
            return t < start - 10_000_000 || t > end + 10_000_000;
        })).ToArray();
        File.WriteAllLines(gyro, kept);
        return lines.Length - kept.Length;
    }
}
