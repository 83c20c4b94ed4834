using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GyroEdge.Host.CommandLine;
using GyroEdge.Host.Evaluation;
using GyroEdge.Host.Tests.Support;
using GyroEdge.Inference.Engine;
using GyroEdge.TestSupport;
using Xunit.Abstractions;

namespace GyroEdge.Host.Tests.Evaluation;

/// <summary>
/// `gyroedge eval` (the daemon's replay, gyro stream, motion builder and engine on ONNX Runtime)
/// against the trainer's own evaluation (PyTorch, recording.py, metrics.py) of the same models on
/// the same recording: the two paths must tell the same story, image by image.
/// </summary>
[Collection(nameof(SharedEvaluationSet))]
public sealed class EvalCrossCheck_Tests(EvaluationSet set, ITestOutputHelper output)
{
    // Issue 4: "agrees with the Python evaluation to within 0.05 dB". ORT and PyTorch sum in
    // different orders, so a few output pixels may round to the neighbouring 8-bit level.
    private const double PsnrToleranceDb = 0.05;

    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Fact]
    public void Per_Image_Psnr_Agrees_With_The_Trainers_PyTorch_Evaluation_Of_The_Checkpoints_It_Exported()
    {
        var json = Path.Combine(set.Root, $"cross-check-{Guid.NewGuid():N}.json");

        var result = GyroedgeProcess.Run(["eval", "--recording", set.Recording, "--model", set.GyroModel, "--baseline", set.BlindModel,
            "--json", json, "--cpu", "--threads", "1"]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var daemon = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        var trainer = JsonNode.Parse(File.ReadAllText(set.TorchEvaluation))!.AsObject();
        var daemonRows = daemon["images"]!.AsArray();
        var trainerRows = trainer["images"]!.AsArray();
        Assert.Equal(EvaluationSet.Frames, daemonRows.Count);
        Assert.Equal(trainerRows.Count, daemonRows.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"largest |gyroedge eval - eval-torch| PSNR over {daemonRows.Count} frames: input {Largest("input", "psnr"):G3} dB, model {Largest("model", "psnr"):G3} dB, baseline {Largest("baseline", "psnr"):G3} dB; model SSIM {Largest("model", "ssim"):G3}"));
        for (var i = 0; i < daemonRows.Count; i++)
        {
            var (ours, theirs) = (daemonRows[i]!, trainerRows[i]!);
            var frame = $"frame {ours["id"]}";
            Assert.Equal(theirs["id"]!.GetValue<long>(), ours["id"]!.GetValue<long>());
            Assert.Equal(theirs["file"]!.GetValue<string>(), ours["file"]!.GetValue<string>());
            // The same decoded bytes on both sides: the input's PSNR is the same number.
            Assert.Equal(Psnr(theirs, "input"), Psnr(ours, "input"));
            Assert.Equal(Ssim(theirs, "input"), Ssim(ours, "input"), 12);
            AssertClose(Psnr(theirs, "model"), Psnr(ours, "model"), PsnrToleranceDb, frame + " model PSNR");
            AssertClose(Psnr(theirs, "baseline"), Psnr(ours, "baseline"), PsnrToleranceDb, frame + " baseline PSNR");
            AssertClose(Ssim(theirs, "model"), Ssim(ours, "model"), 1e-3, frame + " model SSIM");
            AssertClose(Ssim(theirs, "baseline"), Ssim(ours, "baseline"), 1e-3, frame + " baseline SSIM");
            Assert.Equal("gyro", ours["model"]!["path"]!.GetValue<string>());
            Assert.Equal("blind", ours["baseline"]!["path"]!.GetValue<string>());
            // Not a comparison of the input with itself: the models change the image.
            Assert.True(Math.Abs(Psnr(ours, "model") - Psnr(ours, "input")) > 1, $"{frame}: the model's output scores like its input");
        }
        Assert.Equal(trainer["input"]!["psnr"]!.GetValue<double>(), daemon["input"]!["psnr"]!.GetValue<double>(), 12);
        AssertClose(trainer["model"]!["psnr"]!.GetValue<double>(), daemon["model"]!["psnr"]!.GetValue<double>(), PsnrToleranceDb, "mean model PSNR");
        AssertClose(trainer["baseline"]!["psnr"]!.GetValue<double>(), daemon["baseline"]!["psnr"]!.GetValue<double>(), PsnrToleranceDb, "mean baseline PSNR");

        double Largest(string key, string metric) =>
            daemonRows.Zip(trainerRows, (a, b) => Math.Abs(a![key]![metric]!.GetValue<double>() - b![key]![metric]!.GetValue<double>())).Max();
    }

    [Fact]
    public void The_Gyro_Path_Gives_Each_Frame_Its_Own_Intrinsics_And_The_Trainers_Rotations()
    {
        // The contract probe warps each frame by K R K^-1 for the rotations over its exposure:
        // its output moves with both the rotations and the intrinsics.
        var probe = Path.Combine(Repository.TrainerFixtures, "contract_probe_gyro.onnx");
        Assert.True(File.Exists(probe), $"{probe} is missing: run the trainer's tests first (./gyroedge test).");
        // As synthesised: each frame is a crop of another photo, with its own K in frames.csv.
        var own = Evaluate(set.Recording, probe);
        var ownReference = ProbeReference(set.Recording);
        // The same frames, the per-frame columns emptied, and a centred 70-degree camera in
        // session.json: a plausible K, and the wrong one for every frame.
        var centred = set.CopyRecording($"centred-{Guid.NewGuid():N}");
        UseOneCentredCamera(centred);
        var other = Evaluate(centred, probe);
        var otherReference = ProbeReference(centred);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"contract probe, largest |gyroedge eval - trainer| PSNR: own intrinsics {Enumerable.Range(0, EvaluationSet.Frames).Max(i => Math.Abs(own.Images[i].Model.Score.Psnr - ownReference[i].Psnr)):G3} dB, "
            + $"centred camera {Enumerable.Range(0, EvaluationSet.Frames).Max(i => Math.Abs(other.Images[i].Model.Score.Psnr - otherReference[i].Psnr)):G3} dB; "
            + $"smallest own-vs-centred gap {Enumerable.Range(0, EvaluationSet.Frames).Min(i => Math.Abs(ownReference[i].Psnr - otherReference[i].Psnr)):F3} dB"));
        for (var i = 0; i < EvaluationSet.Frames; i++)
        {
            var frame = $"frame {own.Images[i].Id}";
            Assert.Equal("gyro", own.Images[i].Model.Path);
            AssertClose(ownReference[i].Psnr, own.Images[i].Model.Score.Psnr, 0.01, frame + " with its own intrinsics");
            AssertClose(ownReference[i].Ssim, own.Images[i].Model.Score.Ssim, 1e-4, frame + " SSIM with its own intrinsics");
            AssertClose(otherReference[i].Psnr, other.Images[i].Model.Score.Psnr, 0.01, frame + " with the session camera's intrinsics");
            // The probe tells the two K apart, and the rotations from still ones, by far more than the agreement above.
            Assert.True(Math.Abs(ownReference[i].Psnr - otherReference[i].Psnr) > 0.1,
                $"{frame}: own K {ownReference[i].Psnr:F3} dB, centred K {otherReference[i].Psnr:F3} dB: the probe cannot tell them apart");
            Assert.True(Math.Abs(ownReference[i].Psnr - ownReference[i].PsnrIdentityRotations) > 0.5,
                $"{frame}: the probe scores the same without rotations");
        }
    }

    private EvaluationReport Evaluate(string recording, string model) =>
        RecordingEvaluation.Run(
            new EvaluationSettings(recording, model, null, null, CpuOnly: true, Threads: 1, EngineCache: Path.Combine(set.Root, "tensorrt")),
            SilentEngineStatus.Instance,
            CancellationToken.None);

    private static ProbeScore[] ProbeReference(string recording) =>
        JsonSerializer.Deserialize<ProbeScore[]>(TrainerPython.Reference("probe", recording), SnakeCase)!;

    /// <summary>Empties frames.csv's fx,fy,cx,cy and gives session.json one centred 70-degree camera.</summary>
    private static void UseOneCentredCamera(string recording)
    {
        var index = Path.Combine(recording, "frames.csv");
        var lines = File.ReadAllLines(index);
        var header = lines[0].Split(',');
        var columns = new[] { "fx", "fy", "cx", "cy" }.Select(c => Array.IndexOf(header, c)).ToArray();
        Assert.DoesNotContain(-1, columns);
        for (var line = 1; line < lines.Length; line++)
        {
            var cells = lines[line].Split(',');
            foreach (var c in columns)
                cells[c] = "";
            lines[line] = string.Join(',', cells);
        }
        File.WriteAllLines(index, lines);

        var sessionPath = Path.Combine(recording, "session.json");
        var session = JsonNode.Parse(File.ReadAllText(sessionPath))!.AsObject();
        var (width, height) = (session["camera"]!["width"]!.GetValue<int>(), session["camera"]!["height"]!.GetValue<int>());
        var focal = width / 2.0 / Math.Tan(35 * Math.PI / 180);
        session["camera"]!["intrinsics"] = new JsonArray(
            new JsonArray(focal, 0.0, (width - 1) / 2.0),
            new JsonArray(0.0, focal, (height - 1) / 2.0),
            new JsonArray(0.0, 0.0, 1.0));
        File.WriteAllText(sessionPath, session.ToJsonString());
    }

    private static double Psnr(JsonNode row, string key) => row[key]!["psnr"]!.GetValue<double>();

    private static double Ssim(JsonNode row, string key) => row[key]!["ssim"]!.GetValue<double>();

    private static void AssertClose(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance,
            string.Create(CultureInfo.InvariantCulture, $"{what}: trainer {expected:R}, gyroedge eval {actual:R}, difference {actual - expected:R} > {tolerance}"));

    private sealed record ProbeScore(long Id, double Psnr, double Ssim, double PsnrIdentityRotations);
}
