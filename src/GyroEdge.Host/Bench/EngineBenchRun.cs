using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Gyro;
using GyroEdge.Host.Demo;
using GyroEdge.Host.Systemd;
using GyroEdge.Imaging.Pixels;
using GyroEdge.Inference.Engine;
using GyroEdge.Inference.Models;

namespace GyroEdge.Host.Bench;

/// <summary>One engine bench: a synthetic camera frame and motion through the engine, figures out.</summary>
public static class EngineBenchRun
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static EngineOverheadReport Execute(EngineBenchSettings settings, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Iterations < 1)
            throw new ArgumentException($"--iterations {settings.Iterations}: measure at least 1 frame.");
        if (settings.Warmup < 0)
            throw new ArgumentException($"--warmup {settings.Warmup}: the warm-up is 0 frames or more.");
        if (settings.Threads < 0)
            throw new ArgumentException($"--threads {settings.Threads}: give a thread count, or 0 to let ONNX Runtime choose.");
        cancel.ThrowIfCancellationRequested();

        var package = ModelPackage.Load(settings.Model.FullName);
        var options = new EngineOptions
        {
            FrameWidth = settings.Width,
            FrameHeight = settings.Height,
            Fit = settings.Fit,
            IntraOpThreads = settings.Threads,
            IntraOpSpinning = !settings.NoSpinning,
        };
        options.TensorRt.Enabled = !settings.CpuOnly;
        options.Cuda.Enabled = !settings.CpuOnly;
        options.TensorRt.CacheDirectory = settings.EngineCache?.FullName ?? DefaultEngineCache();

        // Start-up progress on stderr, so stdout holds only the figures; and to systemd when run under it.
        using var notifier = SystemdNotifier.FromEnvironment();
        var status = new SystemdEngineStatus(notifier, Console.Error, "bench engine");
        using var engine = DeblurEngine.Create(options, package, status);
        var quality = package.Kind == ModelKind.Gyro ? GyroQuality.Good : GyroQuality.None;
        var frame = SyntheticFrame(settings.Width, settings.Height, settings.Format);
        var motion = package.Kind == ModelKind.Gyro ? SyntheticMotion(package.Manifest.RotationCount!.Value, settings.Width, settings.Height) : null;
        var output = new byte[PixelLayout.PackedByteCount(settings.OutputFormat, settings.Width, settings.Height)];
        cancel.ThrowIfCancellationRequested();
        return EngineOverheadBenchmark.Measure(
            engine, new FrameView(frame, settings.Width, settings.Height, settings.Format), motion, quality, output, settings.OutputFormat,
            settings.Warmup, settings.Iterations);
    }

    public static string Summarize(EngineOverheadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var threads = report.IntraOpThreads == 0 ? "ORT's choice" : report.IntraOpThreads.ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"""
            bench engine: {report.ModelName} ({Kind(report.ModelKind)}) on {report.Provider}, ONNX Runtime {report.OnnxRuntimeVersion}, intra-op threads {threads}{(report.IntraOpSpinning ? "" : " (not spinning)")}
              frame {report.FrameWidth}x{report.FrameHeight} {report.InputFormat} -> {report.OutputFormat}, {(report.Fit == FrameFit.Pad ? "padded" : "resized")} to {report.ModelWidth}x{report.ModelHeight}; {report.Iterations} frames after {report.WarmupIterations} warm-up
              ORT Run alone   median {report.OrtRunMsMedian,8:F2} ms   p99 {report.OrtRunMsP99,8:F2} ms
              engine frame    median {report.EngineFrameMsMedian,8:F2} ms   p99 {report.EngineFrameMsP99,8:F2} ms   (preprocess {report.PreprocessMsMedian:F2}, run {report.EngineRunMsMedian:F2}, postprocess {report.PostprocessMsMedian:F2} ms)
              overhead ratio  {report.OverheadRatio:F3} (engine frame / ORT Run, medians)
            """);
    }

    /// <summary>The report as JSON (snake_case keys), written to a temporary file and renamed into place.</summary>
    public static async Task WriteJsonAsync(EngineOverheadReport report, string path, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = new JsonObject
        {
            ["model"] = report.ModelName,
            ["model_path"] = report.ModelPath,
            ["model_sha256"] = report.ModelSha256,
            ["model_kind"] = Kind(report.ModelKind),
            ["provider"] = report.Provider,
            ["provider_fallbacks"] = new JsonArray([.. report.ProviderFallbacks.Select(r => JsonValue.Create(r))]),
            ["onnxruntime"] = report.OnnxRuntimeVersion,
            ["intra_op_threads"] = report.IntraOpThreads,
            ["inter_op_threads"] = report.InterOpThreads,
            ["intra_op_spinning"] = report.IntraOpSpinning,
            ["processor_count"] = Environment.ProcessorCount,
            ["size"] = string.Create(CultureInfo.InvariantCulture, $"{report.FrameWidth}x{report.FrameHeight}"),
            ["model_input_size"] = string.Create(CultureInfo.InvariantCulture, $"{report.ModelWidth}x{report.ModelHeight}"),
            ["fit"] = report.Fit.ToString().ToLowerInvariant(),
            ["input_format"] = report.InputFormat.ToString().ToLowerInvariant(),
            ["output_format"] = report.OutputFormat.ToString().ToLowerInvariant(),
            ["warmup"] = report.WarmupIterations,
            ["iterations"] = report.Iterations,
            ["ort_run_ms_median"] = report.OrtRunMsMedian,
            ["ort_run_ms_p99"] = report.OrtRunMsP99,
            ["engine_frame_ms_median"] = report.EngineFrameMsMedian,
            ["engine_frame_ms_p99"] = report.EngineFrameMsP99,
            ["overhead_ratio"] = report.OverheadRatio,
            ["preprocess_ms_median"] = report.PreprocessMsMedian,
            ["engine_run_ms_median"] = report.EngineRunMsMedian,
            ["postprocess_ms_median"] = report.PostprocessMsMedian,
        };
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, json.ToJsonString(Indented) + "\n", cancel).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Smooth gradients with fine sinusoidal detail, like a photograph and unlike a constant (which
    /// would let a branchy conversion look faster than it is). Built in RGB and converted to the
    /// requested format by the same code the engine uses to convert back.
    /// </summary>
    public static byte[] SyntheticFrame(int width, int height, PixelFormat format)
    {
        var planes = new float[3 * width * height];
        var plane = width * height;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                planes[i] = (float)(0.5 + (0.4 * Math.Sin((x * 0.07) + (y * 0.03))));
                planes[plane + i] = (float)x / width;
                planes[(2 * plane) + i] = (float)(0.5 + (0.4 * Math.Cos((x * 0.02) - (y * 0.11))));
            }
        }
        var frame = new byte[PixelLayout.PackedByteCount(format, width, height)];
        PlanarRgb.ToFrame(planes, width, height, frame, format, width, height);
        return frame;
    }

    /// <summary>Half a degree either way about a mostly vertical axis, seen by a 70-degree lens: a few pixels of shake.</summary>
    public static MotionInput SyntheticMotion(int rotationCount, int width, int height)
    {
        var rotations = new float[rotationCount * 9];
        SyntheticShake.WriteRotations(rotations, rotationCount, (0.2, 1.0, 0.1), Math.PI / 360.0);
        return new MotionInput(rotations, CameraIntrinsics.FromHorizontalFieldOfView(70, width, height));
    }

    internal static string DefaultEngineCache()
    {
        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cacheHome) || !Path.IsPathRooted(cacheHome))
            cacheHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheHome, "gyroedge", "tensorrt");
    }

    private static string Kind(ModelKind kind) => kind == ModelKind.Gyro ? "gyro" : "blind";
}
