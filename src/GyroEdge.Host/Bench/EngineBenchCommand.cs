using System.CommandLine;
using GyroEdge.Host.CommandLine;
using GyroEdge.Imaging.Pixels;
using GyroEdge.Inference.Engine;
using GyroEdge.Inference.Models;

namespace GyroEdge.Host.Bench;

/// <summary>
/// `gyroedge bench engine`: the deblur engine's overhead over ORT's bare Run on the same model,
/// frame and session (EngineOverheadBenchmark), printed and written as JSON.
/// </summary>
public static class EngineBenchCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "The model: NAME.onnx with NAME.manifest.json beside it, or the manifest.", Required = true };
        var size = new Option<string>("--size") { Description = "The camera frame size, WIDTHxHEIGHT, e.g. 1280x720.", Required = true };
        var iterations = new Option<int>("--iterations") { Description = "Measured frames (each also runs ORT alone once).", DefaultValueFactory = _ => 100 };
        var warmup = new Option<int>("--warmup") { Description = "Frames run before measuring.", DefaultValueFactory = _ => 10 };
        var threads = new Option<int>("--threads") { Description = "ORT intra-op threads; 0 lets ORT choose (one per physical core).", DefaultValueFactory = _ => 0 };
        var format = new Option<PixelFormat>("--format") { Description = "The frame's pixel format, as a camera delivers it.", DefaultValueFactory = _ => PixelFormat.Yuyv };
        var outputFormat = new Option<PixelFormat>("--output-format") { Description = "The output's pixel format (RGB24 feeds the JPEG encoder).", DefaultValueFactory = _ => PixelFormat.Rgb24 };
        var fit = new Option<FrameFit>("--fit") { Description = "Pad the frame to the model's align, or resize it.", DefaultValueFactory = _ => FrameFit.Pad };
        var cpu = new Option<bool>("--cpu") { Description = "Skip TensorRT and CUDA: measure the CPU provider." };
        var noSpin = new Option<bool>("--no-spin") { Description = "Let ORT's idle threads sleep between runs instead of spinning (session.intra_op.allow_spinning=0)." };
        var cache = new Option<DirectoryInfo?>("--engine-cache") { Description = "TensorRT engine cache folder (default: ~/.cache/gyroedge/tensorrt)." };
        var json = new Option<FileInfo?>("--json") { Description = "Write the figures to this JSON file." };
        var command = new Command("engine", "Time the deblur engine's whole per-frame path against ORT's bare Run on the same frame, alternating after a warm-up.")
        {
            model, size, iterations, warmup, threads, format, outputFormat, fit, cpu, noSpin, cache, json,
        };
        command.SetAction((parse, cancel) => UserFacingErrors.RunAsync("bench engine", async () =>
        {
            var (width, height) = ParseSize(parse.GetRequiredValue(size));
            var settings = new EngineBenchSettings(
                parse.GetRequiredValue(model),
                width,
                height,
                parse.GetValue(iterations),
                parse.GetValue(warmup),
                parse.GetValue(threads),
                parse.GetValue(format),
                parse.GetValue(outputFormat),
                parse.GetValue(fit),
                parse.GetValue(cpu),
                parse.GetValue(noSpin),
                parse.GetValue(cache),
                parse.GetValue(json));
            var report = EngineBenchRun.Execute(settings, cancel);
            Console.WriteLine(EngineBenchRun.Summarize(report));
            if (settings.Json is { } file)
            {
                await EngineBenchRun.WriteJsonAsync(report, file.FullName, cancel).ConfigureAwait(false);
                Console.WriteLine($"figures written to {file.FullName}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>"1280x720" to (1280, 720).</summary>
    /// <exception cref="ArgumentException">Not WIDTHxHEIGHT with positive numbers.</exception>
    public static (int Width, int Height) ParseSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('x', 'X');
        if (parts.Length == 2
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var width)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var height)
            && width > 0 && height > 0)
        {
            return (width, height);
        }
        throw new ArgumentException($"--size {text} is not WIDTHxHEIGHT in pixels, e.g. --size 1280x720.");
    }
}
