using System.Globalization;
using GyroEdge.Domain.Gyro;
using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Frames.Png;
using GyroEdge.Imaging.Pixels;
using GyroEdge.Imaging.Quality;
using GyroEdge.Inference.Engine;
using GyroEdge.Inference.Models;
using GyroEdge.Inference.OnnxRuntime;

namespace GyroEdge.Host.Evaluation;

/// <summary>What `gyroedge eval` runs.</summary>
/// <param name="Recording">A recording with ground truth.</param>
/// <param name="Model">The model package (NAME.onnx with NAME.manifest.json, or the manifest).</param>
/// <param name="Baseline">A second package to compare against (typically the model's blind twin), or null.</param>
/// <param name="Limit">Evaluate only the first N frames; null for all.</param>
/// <param name="CpuOnly">Skip TensorRT and CUDA.</param>
/// <param name="Threads">ORT intra-op threads; 0 lets ORT choose.</param>
/// <param name="EngineCache">TensorRT engine cache folder.</param>
public sealed record EvaluationSettings(string Recording, string Model, string? Baseline, int? Limit, bool CpuOnly, int Threads, string EngineCache);

/// <summary>
/// Scores models on a recording with ground truth through the daemon's own path: frames replayed
/// by <see cref="RecordingFrameSource"/>, rotations from <see cref="ReplayedMotion"/> (the
/// daemon's gyro stream and frame-motion builder), deblurring by <see cref="DeblurEngine"/> on
/// ONNX Runtime, the output as the 8-bit RGB the engine hands on to the JPEG encoder, and PSNR
/// and SSIM by <see cref="ImageQuality"/> (the convention of reference/deblurring.md, held to the
/// trainer's golden values). The blurred input and the ground truth are compared as decoded, so
/// the input's scores are the trainer's exactly. The output is rounded half up as the trainer's
/// to_uint8 rounds, but in float32 (the engine's own conversion, what the daemon publishes) where
/// numpy uses float64: the two differ only for values within about 2^-17 of a half level.
/// </summary>
public static class RecordingEvaluation
{
    public static EvaluationReport Run(EvaluationSettings settings, IEngineStatus status, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(status);
        if (settings.Limit is < 1)
            throw new ArgumentException($"--limit {settings.Limit}: evaluate at least 1 frame, or leave --limit out for all.");
        if (settings.Threads < 0)
            throw new ArgumentException($"--threads {settings.Threads}: give a thread count, or 0 to let ONNX Runtime choose.");
        RequireFile("--model", settings.Model);
        if (settings.Baseline is { } baselinePath)
            RequireFile("--baseline", baselinePath);

        // Everything cheap and checkable first, so a bad recording or package fails before any engine is built.
        var recording = EvaluationRecording.Open(settings.Recording);
        var model = ModelPackage.Load(settings.Model);
        var baseline = settings.Baseline is { } b ? ModelPackage.Load(b) : null;
        if (model.Kind == ModelKind.Gyro || baseline?.Kind == ModelKind.Gyro)
            recording.RequireIntrinsics();
        var count = Math.Min(settings.Limit ?? int.MaxValue, recording.Frames.Count);
        cancel.ThrowIfCancellationRequested();

        var motions = new Dictionary<int, IReadOnlyList<FrameMotionReplay>>();
        IReadOnlyList<FrameMotionReplay> MotionFor(int rotationCount)
        {
            if (!motions.TryGetValue(rotationCount, out var built))
                motions[rotationCount] = built = ReplayedMotion.Build(recording, rotationCount);
            return built;
        }
        // The frames' gyro quality, reported even when both models are blind (M does not change it).
        var reference = MotionFor(GyroModelOf(model, baseline)?.Manifest.RotationCount ?? 1);
        var withoutGyro = Enumerable.Range(0, count).Where(i => reference[i].Motion.Quality == GyroQuality.None).ToArray();

        var options = new EngineOptions { FrameWidth = recording.Format.Width, FrameHeight = recording.Format.Height, Fit = FrameFit.Pad, IntraOpThreads = settings.Threads };
        options.TensorRt.Enabled = !settings.CpuOnly;
        options.Cuda.Enabled = !settings.CpuOnly;
        options.TensorRt.CacheDirectory = settings.EngineCache;

        var engines = new List<DeblurEngine>();
        try
        {
            var (evaluatedModel, evaluatedBaseline) = OpenEngines(model, baseline, recording, withoutGyro, options, status, engines);
            cancel.ThrowIfCancellationRequested();
            var images = Score(recording, count, evaluatedModel, evaluatedBaseline, reference, MotionFor, cancel);
            return new EvaluationReport(
                recording.Folder,
                recording.Format.Width,
                recording.Format.Height,
                OnnxRuntimeLibrary.Version,
                evaluatedModel.Provider,
                evaluatedModel.ProviderFallbacks,
                Describe(evaluatedModel),
                evaluatedBaseline is null ? null : Describe(evaluatedBaseline),
                images);
        }
        finally
        {
            foreach (var engine in engines)
                engine.Dispose();
        }
    }

    private static void RequireFile(string option, string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{option} {Path.GetFullPath(path)} does not exist: give a model package, NAME.onnx with NAME.manifest.json beside it (e.g. models/gyroedge-edge.onnx).", path);
        }
    }

    private static ModelPackage? GyroModelOf(ModelPackage model, ModelPackage? baseline) =>
        model.Kind == ModelKind.Gyro ? model : baseline?.Kind == ModelKind.Gyro ? baseline : null;

    /// <summary>
    /// One engine for twins given together (the daemon's own pair); otherwise one per package, a
    /// gyro model's with its blind twin from beside it when some frame has no usable gyro.
    /// </summary>
    private static (EvaluatedModel Model, EvaluatedModel? Baseline) OpenEngines(
        ModelPackage model, ModelPackage? baseline, EvaluationRecording recording, int[] withoutGyro,
        EngineOptions options, IEngineStatus status, List<DeblurEngine> engines)
    {
        if (baseline is not null && model.Kind != baseline.Kind)
        {
            var (gyro, blind) = model.Kind == ModelKind.Gyro ? (model, baseline) : (baseline, model);
            if (ModelContract.TwinProblems(gyro.Manifest, blind.Manifest).Count == 0)
            {
                var pair = DeblurEngine.Create(options, gyro, blind, status);
                engines.Add(pair);
                var gyroModel = new EvaluatedModel(gyro, blind, pair);
                var blindModel = new EvaluatedModel(blind, null, pair);
                return model.Kind == ModelKind.Gyro ? (gyroModel, blindModel) : (blindModel, gyroModel);
            }
        }
        var first = Open(model, recording, withoutGyro, options, status, engines);
        var second = baseline is null ? null : Open(baseline, recording, withoutGyro, options, status, engines);
        return (first, second);
    }

    private static EvaluatedModel Open(
        ModelPackage package, EvaluationRecording recording, int[] withoutGyro,
        EngineOptions options, IEngineStatus status, List<DeblurEngine> engines)
    {
        if (package.Kind == ModelKind.Blind || withoutGyro.Length == 0)
        {
            var alone = DeblurEngine.Create(options, package, status);
            engines.Add(alone);
            return new EvaluatedModel(package, null, alone);
        }
        var twinManifest = Path.Combine(Path.GetDirectoryName(package.ManifestPath)!, package.Manifest.Twin + ModelPackage.ManifestSuffix);
        if (!File.Exists(twinManifest))
        {
            var ids = string.Join(", ", withoutGyro.Take(5).Select(i => recording.Frames[i].Id.ToString(CultureInfo.InvariantCulture)))
                + (withoutGyro.Length > 5 ? $" and {withoutGyro.Length - 5} more" : "");
            var frames = withoutGyro.Length == 1 ? $"frame {ids} has" : $"frames {ids} have";
            throw new InvalidDataException(
                $"{recording.Folder}: {frames} no usable gyro over the exposure, where the daemon runs the gyro model's blind twin "
                + $"{package.Manifest.Twin}, and {twinManifest} does not exist. Put {package.Manifest.Twin}.onnx with its manifest beside {package.ModelPath}, "
                + "or pass it as --baseline.");
        }
        var twin = ModelPackage.Load(twinManifest);
        var engine = DeblurEngine.Create(options, package, twin, status);
        engines.Add(engine);
        return new EvaluatedModel(package, twin, engine);
    }

    private static List<ImageEvaluation> Score(
        EvaluationRecording recording, int count, EvaluatedModel model, EvaluatedModel? baseline,
        IReadOnlyList<FrameMotionReplay> reference, Func<int, IReadOnlyList<FrameMotionReplay>> motionFor, CancellationToken cancel)
    {
        var (width, height) = (recording.Format.Width, recording.Format.Height);
        var rgbBytes = width * height * 3;
        var input = new byte[rgbBytes];
        var sharp = new byte[rgbBytes];
        var output = new byte[rgbBytes];
        var decoder = new PngDecoder();
        var images = new List<ImageEvaluation>(count);
        using var source = RecordingFrameSource.Open(recording.Folder);
        for (var i = 0; i < count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var recorded = recording.Frames[i];
            if (!source.TryReadFrame(TimeSpan.Zero, out var frame))
                throw new InvalidOperationException($"The replay of {recording.Folder} ended at frame {i} of {count}.");
            using (frame)
            {
                if (frame.Sequence != recorded.Id)
                    throw new InvalidOperationException($"The replay delivered frame {frame.Sequence} where frames.csv has {recorded.Id}.");
                var view = new FrameView(frame.Data, width, height, ToPixelFormat(frame.Format.PixelFormat), frame.Format.Stride);
                ToRgb(frame.Data, frame.Format, input);
                ReadRgb(decoder, recording.SharpPathOf(i), recording.Format, sharp);
                var inputScore = Measure(input, sharp, width, height);
                var modelScore = Run(model, view, i, recording, motionFor, output, sharp);
                var baselineScore = baseline is null ? null : Run(baseline, view, i, recording, motionFor, output, sharp);
                var motion = reference[i].Motion;
                images.Add(new ImageEvaluation(recorded.Id, recorded.File, recorded.SharpFile!, motion.Quality, motion.Issues, inputScore, modelScore, baselineScore));
            }
        }
        return images;
    }

    private static ModelScore Run(EvaluatedModel model, FrameView view, int index, EvaluationRecording recording,
        Func<int, IReadOnlyList<FrameMotionReplay>> motionFor, byte[] output, byte[] sharp)
    {
        var motion = motionFor(model.RotationCount ?? 1)[index];
        var path = model.Deblur(view, motion, model.RotationCount is null ? null : recording.IntrinsicsOf(index), output);
        return new ModelScore(Measure(output, sharp, recording.Format.Width, recording.Format.Height), path);
    }

    /// <summary>PSNR and SSIM of an 8-bit RGB image against its ground truth (reference/deblurring.md).</summary>
    internal static QualityScore Measure(byte[] image, byte[] truth, int width, int height) =>
        new(ImageQuality.Psnr(image, truth, width, height), ImageQuality.Ssim(image, truth, width, height));

    /// <summary>A recording's PNG (RGB or grey) as packed RGB24 of the frame's size; refuses any other size.</summary>
    internal static void ReadRgb(PngDecoder decoder, string path, FrameFormat frameFormat, byte[] rgb)
    {
        var file = File.ReadAllBytes(path);
        var info = PngDecoder.ReadInfo(file, path);
        if (info.Width != frameFormat.Width || info.Height != frameFormat.Height)
            throw new InvalidDataException($"{path} is {info.Width}x{info.Height}; its frame is {frameFormat.Width}x{frameFormat.Height}. Ground truth must be the frame's size.");
        var layout = info.OutputLayout;
        if (layout.PixelFormat == FramePixelFormat.Rgb24)
        {
            decoder.Decode(file, rgb, layout.Stride, path);
            return;
        }
        var grey = new byte[layout.FrameBytes];
        decoder.Decode(file, grey, layout.Stride, path);
        ToRgb(grey, layout, rgb);
    }

    /// <summary>A decoded PNG frame (RGB24 or GREY) as packed RGB24: grey repeated into R, G and B, as Pillow's convert("RGB") does for the trainer.</summary>
    private static void ToRgb(ReadOnlySpan<byte> pixels, FrameFormat format, Span<byte> rgb)
    {
        var rowBytes = format.Width * 3;
        for (var y = 0; y < format.Height; y++)
        {
            var row = pixels.Slice(y * format.Stride);
            var target = rgb.Slice(y * rowBytes, rowBytes);
            if (format.PixelFormat == FramePixelFormat.Rgb24)
            {
                row[..rowBytes].CopyTo(target);
                continue;
            }
            for (var x = 0; x < format.Width; x++)
                target[3 * x] = target[(3 * x) + 1] = target[(3 * x) + 2] = row[x];
        }
    }

    private static PixelFormat ToPixelFormat(FramePixelFormat format) => format switch
    {
        FramePixelFormat.Rgb24 => PixelFormat.Rgb24,
        FramePixelFormat.Grey => PixelFormat.Grey,
        _ => throw new InvalidDataException($"A recording's frames decode to RGB24 or GREY, not {format}."),
    };

    private static EvaluatedPackage Describe(EvaluatedModel model) => Describe(model.Package, model.Provider, model.Fallback);

    private static EvaluatedPackage Describe(ModelPackage package, string provider, ModelPackage? fallback) => new(
        package.Name,
        package.Manifest.Version,
        package.Kind == ModelKind.Gyro ? "gyro" : "blind",
        package.ModelPath,
        package.Manifest.Sha256,
        package.Kind == ModelKind.Gyro ? package.Manifest.RotationCount : null,
        provider,
        fallback is null ? null : Describe(fallback, provider, null));
}
