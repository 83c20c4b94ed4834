using GyroEdge.Domain.Camera;
using GyroEdge.Imaging.Pixels;
using GyroEdge.Inference.Models;
using GyroEdge.Inference.OnnxRuntime;

namespace GyroEdge.Inference.Engine;

/// <summary>
/// One model's session with everything a frame needs allocated once: the bound input and output
/// tensors at the model's size, and for <see cref="FrameFit.Resize"/> the frame-size planes and
/// the resamplers both ways. Preparing, running and finishing a frame allocate nothing.
/// </summary>
internal sealed class ModelRunner : IDisposable
{
    private readonly OrtTensorBuffer image;
    private readonly OrtTensorBuffer sharp;
    private readonly OrtTensorBuffer? rotations;
    private readonly OrtTensorBuffer? intrinsics;
    private readonly OrtRunBinding binding;
    private readonly float[]? framePlanes;
    private readonly BilinearResampler? toModel;
    private readonly BilinearResampler? toFrame;

    // The camera's intrinsics as last given and as the model sees them. A camera keeps one
    // CameraIntrinsics instance for every frame, so rescaling (which allocates) happens once
    // per camera rather than once per frame.
    private CameraIntrinsics? lastCamera;
    private CameraIntrinsics? lastModel;

    private ModelRunner(ModelPackage package, OrtSession session, string provider, FrameGeometry geometry)
    {
        Package = package;
        Session = session;
        Provider = provider;
        Geometry = geometry;
        var (w, h) = (geometry.ModelWidth, geometry.ModelHeight);
        image = new OrtTensorBuffer(1, 3, h, w);
        sharp = new OrtTensorBuffer(1, 3, h, w);
        var inputs = new Dictionary<string, OrtTensorBuffer>(StringComparer.Ordinal) { [ModelContract.Image] = image };
        if (package.Kind == ModelKind.Gyro)
        {
            RotationCount = package.Manifest.RotationCount!.Value;
            rotations = new OrtTensorBuffer(1, RotationCount, 3, 3);
            intrinsics = new OrtTensorBuffer(1, 3, 3);
            inputs[ModelContract.Rotations] = rotations;
            inputs[ModelContract.Intrinsics] = intrinsics;
        }
        binding = session.Bind(inputs, new Dictionary<string, OrtTensorBuffer>(StringComparer.Ordinal) { [ModelContract.Sharp] = sharp });
        if (geometry.Fit == FrameFit.Resize && !geometry.IsIdentity)
        {
            framePlanes = new float[3 * geometry.FrameWidth * geometry.FrameHeight];
            toModel = new BilinearResampler(geometry.FrameWidth, geometry.FrameHeight, w, h);
            toFrame = new BilinearResampler(w, h, geometry.FrameWidth, geometry.FrameHeight);
        }
    }

    public ModelPackage Package { get; }

    public OrtSession Session { get; }

    /// <summary>"TensorRT", "CUDA" or "CPU".</summary>
    public string Provider { get; }

    public FrameGeometry Geometry { get; }

    /// <summary>M for a gyro model; 0 for a blind one.</summary>
    public int RotationCount { get; }

    /// <summary>
    /// Opens the session (falling back through the providers), checks that the file's inputs and
    /// outputs are the manifest's, and runs one warm-up frame so that engine builds and first-run
    /// allocations happen now rather than on the first camera frame.
    /// </summary>
    public static ModelRunner Open(ModelPackage package, FrameGeometry geometry, ProviderFallback providers, IEngineStatus status)
    {
        var (session, provider) = providers.Open(package, geometry);
        ModelRunner? runner = null;
        try
        {
            var problems = ModelContract.SessionProblems(package.Manifest, session.Inputs, session.Outputs);
            if (problems.Count > 0)
                throw new ModelPackageException(package.ManifestPath, problems);
            runner = new ModelRunner(package, session, provider, geometry);
            status.Report(EngineStatusLevel.Progress, $"warming up {package.Name} on {provider} at {geometry}");
            runner.WarmUp();
            return runner;
        }
        catch
        {
            if (runner is not null)
                runner.Dispose();
            else
                session.Dispose();
            throw;
        }
    }

    /// <summary>Converts <paramref name="frame"/> into the image tensor and, for a gyro model, writes the motion.</summary>
    public void Prepare(FrameView frame, MotionInput? motion)
    {
        if (framePlanes is null)
        {
            PlanarRgb.FromFrame(frame, image.Span, Geometry.ModelWidth, Geometry.ModelHeight);
        }
        else
        {
            PlanarRgb.FromFrame(frame, framePlanes, Geometry.FrameWidth, Geometry.FrameHeight);
            toModel!.Resample(framePlanes, image.Span, planes: 3);
        }
        if (rotations is not null && motion is not null)
        {
            motion.Rotations.Span.CopyTo(rotations.Span);
            if (!ReferenceEquals(motion.Intrinsics, lastCamera))
            {
                lastModel = Geometry.ToModel(motion.Intrinsics);
                lastCamera = motion.Intrinsics;
            }
            lastModel!.CopyTo(intrinsics!.Span);
        }
    }

    public void Run() => Session.Run(binding);

    /// <summary>Writes the model's output as a packed frame of <paramref name="format"/> at the camera's size.</summary>
    public void Finish(Span<byte> output, PixelFormat format)
    {
        if (framePlanes is null)
        {
            PlanarRgb.ToFrame(sharp.Span, Geometry.ModelWidth, Geometry.ModelHeight, output, format, Geometry.FrameWidth, Geometry.FrameHeight);
        }
        else
        {
            toFrame!.Resample(sharp.Span, framePlanes, planes: 3);
            PlanarRgb.ToFrame(framePlanes, Geometry.FrameWidth, Geometry.FrameHeight, output, format, Geometry.FrameWidth, Geometry.FrameHeight);
        }
    }

    public void Dispose()
    {
        image.Dispose();
        sharp.Dispose();
        rotations?.Dispose();
        intrinsics?.Dispose();
        Session.Dispose();
    }

    /// <summary>Mid-grey, a still camera (identity rotations) with a plausible 70-degree lens.</summary>
    private void WarmUp()
    {
        image.Span.Fill(0.5f);
        if (rotations is not null)
        {
            var r = rotations.Span;
            for (var m = 0; m < RotationCount; m++)
            {
                r.Slice(m * 9, 9).Clear();
                r[m * 9] = r[(m * 9) + 4] = r[(m * 9) + 8] = 1f;
            }
            CameraIntrinsics.FromHorizontalFieldOfView(70, Geometry.ModelWidth, Geometry.ModelHeight).CopyTo(intrinsics!.Span);
        }
        Run();
    }
}
