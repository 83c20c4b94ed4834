using System.CommandLine;
using GyroEdge.Host.Bench;
using GyroEdge.Host.CommandLine;
using GyroEdge.Host.Systemd;
using Spectre.Console;

namespace GyroEdge.Host.Evaluation;

/// <summary>
/// `gyroedge eval`: PSNR and SSIM of a model (and a baseline, typically its blind twin) against a
/// recording's ground truth, run through the daemon's own replay, motion and engine code, so the
/// figures are those of what the board runs, not of the PyTorch checkpoint.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var recording = new Option<DirectoryInfo>("--recording") { Description = "A recording with ground truth (frames.csv sharp_file, sharp/), e.g. one written by ./gyroedge synth.", Required = true };
        var model = new Option<FileInfo>("--model") { Description = "The model: NAME.onnx with NAME.manifest.json beside it, or the manifest; gyro or blind.", Required = true };
        var baseline = new Option<FileInfo?>("--baseline") { Description = "A model to compare against, typically the model's blind twin (e.g. models/gyroedge-edge-blind.onnx)." };
        var json = new Option<FileInfo?>("--json") { Description = "Write the means and one row per image to this JSON file." };
        var limit = new Option<int?>("--limit") { Description = "Evaluate only the first N frames." };
        var cpu = new Option<bool>("--cpu") { Description = "Skip TensorRT and CUDA: run on the CPU provider." };
        var threads = new Option<int>("--threads") { Description = "ORT intra-op threads; 0 lets ORT choose (one per physical core).", DefaultValueFactory = _ => 0 };
        var cache = new Option<DirectoryInfo?>("--engine-cache") { Description = "TensorRT engine cache folder (default: ~/.cache/gyroedge/tensorrt)." };
        var command = new Command("eval",
            "Score a model (and a baseline) on a recording with ground truth through the daemon's own inference path: mean PSNR and SSIM "
            + "of the blurred input, the model and the baseline, and one row per image.")
        {
            recording, model, baseline, json, limit, cpu, threads, cache,
        };
        command.SetAction((parse, cancel) => UserFacingErrors.RunAsync("eval", async () =>
        {
            var settings = new EvaluationSettings(
                parse.GetRequiredValue(recording).FullName,
                parse.GetRequiredValue(model).FullName,
                parse.GetValue(baseline)?.FullName,
                parse.GetValue(limit),
                parse.GetValue(cpu),
                parse.GetValue(threads),
                parse.GetValue(cache)?.FullName ?? EngineBenchRun.DefaultEngineCache());
            // Engine start-up progress on stderr, so stdout holds only the results.
            using var notifier = SystemdNotifier.FromEnvironment();
            var report = RecordingEvaluation.Run(settings, new SystemdEngineStatus(notifier, Console.Error, "eval"), cancel);
            var redirected = Console.IsOutputRedirected;
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(Console.Out),
                // A file or a pipe gets plain text: no escape codes in a log or a CI artefact.
                Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
                ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            });
            if (redirected)
                console.Profile.Width = 160; // A file or pipe has no width; Spectre's 80 would wrap every row.
            EvaluationTable.Write(console, report, Console.Out);
            if (parse.GetValue(json) is { } file)
            {
                await EvaluationJson.WriteAsync(report, file.FullName, cancel).ConfigureAwait(false);
                Console.WriteLine($"results written to {file.FullName}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
