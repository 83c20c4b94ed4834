using System.Diagnostics;
using GyroEdge.Domain.Gyro;
using GyroEdge.Imaging.Pixels;
using GyroEdge.Inference.Models;
using GyroEdge.Inference.OnnxRuntime;

namespace GyroEdge.Inference.Engine;

/// <summary>
/// The daemon's deblurring: a camera frame and its motion in, a sharp frame out. Each frame runs
/// the gyro model when its gyro is good or degraded, the blind twin when there is none. Sessions
/// are opened, checked against their manifests and warmed up in <see cref="Create(EngineOptions, ModelPackage, ModelPackage, IEngineStatus?)"/>
/// (where TensorRT builds its engines), on the best provider that works: TensorRT, CUDA, then
/// the CPU. Per frame, <see cref="Process(FrameView, MotionInput?, GyroQuality, Span{byte}, PixelFormat)"/>
/// converts the frame into tensors allocated at start, runs, and converts back, allocating nothing.
/// One thread at a time: the buffers are shared between frames.
/// </summary>
public sealed class DeblurEngine : IDisposable
{
    private readonly ModelRunner? gyro;
    private readonly ModelRunner? blind;

    private DeblurEngine(EngineOptions options, ModelRunner? gyro, ModelRunner? blind, IReadOnlyList<string> fallbacks)
    {
        this.gyro = gyro;
        this.blind = blind;
        IntraOpThreads = options.IntraOpThreads;
        InterOpThreads = options.InterOpThreads;
        IntraOpSpinning = options.IntraOpSpinning;
        FrameWidth = options.FrameWidth;
        FrameHeight = options.FrameHeight;
        ProviderFallbacks = fallbacks;
    }

    /// <summary>The provider the first model runs on: "TensorRT", "CUDA" or "CPU".</summary>
    public string Provider => (gyro ?? blind)!.Provider;

    /// <summary>What was tried and skipped before <see cref="Provider"/>, e.g. "TensorRT unavailable (...)"; empty when nothing was.</summary>
    public IReadOnlyList<string> ProviderFallbacks { get; }

    public int FrameWidth { get; }

    public int FrameHeight { get; }

    /// <summary>As configured (0: ORT chose).</summary>
    public int IntraOpThreads { get; }

    /// <summary>As configured (0: ORT chose).</summary>
    public int InterOpThreads { get; }

    /// <summary>As configured: whether ORT's idle intra-op threads spin between runs.</summary>
    public bool IntraOpSpinning { get; }

    /// <summary>The gyro model, or null when the engine runs a blind model alone.</summary>
    public ModelPackage? GyroModel => gyro?.Package;

    /// <summary>The blind model, or null when the engine runs a gyro model alone.</summary>
    public ModelPackage? BlindModel => blind?.Package;

    /// <summary>
    /// Opens a gyro model and its blind twin for frames of the configured size, reporting each
    /// step (and any provider fallback) to <paramref name="status"/>.
    /// </summary>
    /// <exception cref="ModelPackageException">A package does not suit this engine: not twins, a newer ONNX Runtime needed, or the file's inputs differ from the manifest.</exception>
    /// <exception cref="ArgumentException">The options cannot be met (e.g. a frame larger than a fixed-size model with Fit = Pad).</exception>
    /// <exception cref="OnnxRuntimeException">ORT cannot load a model on any provider.</exception>
    public static DeblurEngine Create(EngineOptions options, ModelPackage gyroModel, ModelPackage blindModel, IEngineStatus? status = null)
    {
        ArgumentNullException.ThrowIfNull(gyroModel);
        ArgumentNullException.ThrowIfNull(blindModel);
        var twins = ModelContract.TwinProblems(gyroModel.Manifest, blindModel.Manifest);
        if (twins.Count > 0)
        {
            throw new ModelPackageException(gyroModel.ManifestPath, twins,
                "Give the engine a gyro model and the blind twin its manifest names (both manifests' twin fields name each other).");
        }
        return Open(options, gyroModel, blindModel, status);
    }

    /// <summary>
    /// Opens one model alone, for tools (the engine bench) and for deployments that have no twin:
    /// a frame that would need the missing model is refused.
    /// </summary>
    public static DeblurEngine Create(EngineOptions options, ModelPackage model, IEngineStatus? status = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Kind == ModelKind.Gyro ? Open(options, model, null, status) : Open(options, null, model, status);
    }

    /// <summary>Deblurs one frame and writes it to <paramref name="output"/> in the input's pixel format.</summary>
    public DeblurResult Process(FrameView input, MotionInput? motion, GyroQuality quality, Span<byte> output) =>
        Process(input, motion, quality, output, input.Format);

    /// <summary>
    /// Deblurs one frame: Good or Degraded gyro runs the gyro model with <paramref name="motion"/>,
    /// None runs the blind twin (motion ignored). <paramref name="output"/> receives the frame,
    /// tightly packed, in <paramref name="outputFormat"/> at the input's size. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The frame is not the configured size, the output is too small, or the motion is missing or has the wrong M.</exception>
    /// <exception cref="InvalidOperationException">The frame needs a model this engine was created without.</exception>
    public DeblurResult Process(FrameView input, MotionInput? motion, GyroQuality quality, Span<byte> output, PixelFormat outputFormat)
    {
        var runner = Select(quality, motion);
        if (input.Width != FrameWidth || input.Height != FrameHeight)
        {
            throw new ArgumentException(
                $"The engine was started for {FrameWidth}x{FrameHeight} frames and this one is {input.Width}x{input.Height}: "
                + "configure the camera's resolution in the engine options.", nameof(input));
        }
        PixelLayout.Check(outputFormat, FrameWidth, FrameHeight, PixelLayout.MinimumStride(outputFormat, FrameWidth), output.Length, "Deblur output");

        var start = Stopwatch.GetTimestamp();
        runner.Prepare(input, runner.RotationCount > 0 ? motion : null);
        var prepared = Stopwatch.GetTimestamp();
        runner.Run();
        var ran = Stopwatch.GetTimestamp();
        runner.Finish(output, outputFormat);
        var finished = Stopwatch.GetTimestamp();
        return new DeblurResult(
            runner.Package.Kind,
            runner.Package.Name,
            runner.Provider,
            quality,
            Stopwatch.GetElapsedTime(start, prepared).TotalMilliseconds,
            Stopwatch.GetElapsedTime(prepared, ran).TotalMilliseconds,
            Stopwatch.GetElapsedTime(ran, finished).TotalMilliseconds);
    }

    /// <summary>The model a frame of <paramref name="quality"/> runs: for tools that describe a run before making it.</summary>
    public ModelPackage ModelFor(GyroQuality quality) => Runner(quality).Package;

    /// <summary>The geometry of the model a frame of <paramref name="quality"/> runs.</summary>
    public FrameGeometry GeometryFor(GyroQuality quality) => Runner(quality).Geometry;

    /// <summary>
    /// ORT's Run alone on the tensors as the last frame of <paramref name="quality"/> left them:
    /// the bare model time the engine's overhead is measured against.
    /// </summary>
    internal void RunModelOnly(GyroQuality quality) => Runner(quality).Run();

    public void Dispose()
    {
        gyro?.Dispose();
        blind?.Dispose();
    }

    private ModelRunner Select(GyroQuality quality, MotionInput? motion)
    {
        var runner = Runner(quality);
        if (runner.RotationCount > 0)
        {
            if (motion is null)
            {
                throw new ArgumentException(
                    $"A frame with {quality} gyro runs the gyro model {runner.Package.Name}, which needs the frame's motion; "
                    + "pass it, or mark the frame GyroQuality.None to run the blind twin.", nameof(motion));
            }
            if (motion.Rotations.Length != runner.RotationCount * 9)
            {
                throw new ArgumentException(
                    $"The gyro model {runner.Package.Name} takes M = {runner.RotationCount} rotations ({runner.RotationCount * 9} floats); "
                    + $"the frame's motion has {motion.Rotations.Length} floats: build the motion with the model's rotation_count.", nameof(motion));
            }
        }
        return runner;
    }

    private ModelRunner Runner(GyroQuality quality)
    {
        if (!Enum.IsDefined(quality))
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "GyroQuality must be Good, Degraded or None.");
        var runner = quality == GyroQuality.None ? blind : gyro;
        return runner ?? throw new InvalidOperationException(quality == GyroQuality.None
            ? $"A frame without gyro needs a blind model, and this engine runs only {gyro!.Package.Name}: create it with the model's blind twin."
            : $"A frame with {quality} gyro needs a gyro model, and this engine runs only the blind model {blind!.Package.Name}: mark frames GyroQuality.None, or create the engine with a gyro model.");
    }

    private static DeblurEngine Open(EngineOptions options, ModelPackage? gyroModel, ModelPackage? blindModel, IEngineStatus? status)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        status ??= SilentEngineStatus.Instance;
        var packages = new[] { gyroModel, blindModel }.OfType<ModelPackage>().ToArray();
        var loaded = OnnxRuntimeLibrary.Version;
        foreach (var package in packages)
        {
            if (ModelContract.RuntimeProblem(package.Manifest, loaded) is { } problem)
            {
                throw new ModelPackageException(package.ManifestPath, [problem],
                    $"Install ONNX Runtime {package.Manifest.MinOnnxRuntime} or newer and point {OnnxRuntimeLibrary.PathVariable} at it, or run a model exported for {loaded}.");
            }
        }
        var geometries = packages.ToDictionary(p => p, p => FrameGeometry.For(p.Manifest, options));

        var providers = new ProviderFallback(options, status);
        ModelRunner? gyro = null, blind = null;
        try
        {
            if (gyroModel is not null)
                gyro = ModelRunner.Open(gyroModel, geometries[gyroModel], providers, status);
            if (blindModel is not null)
                blind = ModelRunner.Open(blindModel, geometries[blindModel], providers, status);
        }
        catch
        {
            gyro?.Dispose();
            blind?.Dispose();
            throw;
        }
        var engine = new DeblurEngine(options, gyro, blind, providers.Reasons.ToArray());
        var running = string.Join(" and ", new[] { gyro, blind }.OfType<ModelRunner>().Select(r => $"{r.Package.Name} on {r.Provider}"));
        var skipped = providers.Reasons.Count > 0 ? string.Join(", ", providers.Reasons) + ", " : "";
        status.Report(providers.Reasons.Count > 0 ? EngineStatusLevel.Warning : EngineStatusLevel.Progress,
            $"{skipped}running on {engine.Provider}: {running}, {(gyro ?? blind)!.Geometry}");
        return engine;
    }
}
