using GyroEdge.Domain.Gyro;
using GyroEdge.Imaging.Pixels;
using GyroEdge.Inference.Engine;
using GyroEdge.Inference.Models;

namespace GyroEdge.Host.Evaluation;

/// <summary>
/// One model under evaluation (`--model` or `--baseline`) on its deblur engine. Each frame goes
/// through <see cref="DeblurEngine.Process(FrameView, MotionInput?, GyroQuality, Span{byte}, PixelFormat)"/>
/// as in the service: a gyro model gets the frame's rotations and intrinsics and its gyro quality,
/// so a frame without usable gyro runs the blind twin (<see cref="Fallback"/>) exactly where the
/// daemon would; a blind model gets the image alone. Twins given as --model and --baseline share
/// one engine, the pair the daemon itself runs.
/// </summary>
public sealed class EvaluatedModel
{
    private readonly DeblurEngine engine;

    public EvaluatedModel(ModelPackage package, ModelPackage? fallback, DeblurEngine engine)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(engine);
        Package = package;
        Fallback = fallback;
        this.engine = engine;
    }

    public ModelPackage Package { get; }

    /// <summary>The blind twin a gyro model falls back on for frames without usable gyro, or null.</summary>
    public ModelPackage? Fallback { get; }

    /// <summary>The provider the model runs on.</summary>
    public string Provider => engine.Provider;

    /// <summary>What was tried and skipped before <see cref="Provider"/>.</summary>
    public IReadOnlyList<string> ProviderFallbacks => engine.ProviderFallbacks;

    /// <summary>M for a gyro model, null for a blind one.</summary>
    public int? RotationCount => Package.Kind == ModelKind.Gyro ? Package.Manifest.RotationCount : null;

    /// <summary>
    /// Deblurs <paramref name="frame"/> into <paramref name="rgb"/> (RGB24, the frame's size) and
    /// says which model ran: "gyro" or "blind".
    /// </summary>
    /// <param name="motion">The frame's motion built with <see cref="RotationCount"/>; ignored by a blind model.</param>
    /// <param name="intrinsics">The frame's intrinsics, for a gyro model; null for a blind one.</param>
    public string Deblur(FrameView frame, FrameMotionReplay motion, Domain.Camera.CameraIntrinsics? intrinsics, Span<byte> rgb)
    {
        ArgumentNullException.ThrowIfNull(motion);
        if (Package.Kind == ModelKind.Blind)
        {
            engine.Process(frame, null, GyroQuality.None, rgb, PixelFormat.Rgb24);
            return "blind";
        }
        var quality = motion.Motion.Quality;
        var input = quality == GyroQuality.None ? null : new MotionInput(motion.Rotations, intrinsics!);
        var result = engine.Process(frame, input, quality, rgb, PixelFormat.Rgb24);
        return result.Model == ModelKind.Gyro ? "gyro" : "blind";
    }
}
