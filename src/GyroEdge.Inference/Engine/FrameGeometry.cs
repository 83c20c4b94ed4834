using GyroEdge.Domain.Camera;
using GyroEdge.Inference.Models;

namespace GyroEdge.Inference.Engine;

/// <summary>
/// The camera's frame size and the size the model runs at, decided once per model from its
/// manifest (fixed or symbolic H and W, `align`) and the engine's options.
/// </summary>
public sealed class FrameGeometry
{
    private FrameGeometry(int frameWidth, int frameHeight, int modelWidth, int modelHeight, FrameFit fit, int align)
    {
        FrameWidth = frameWidth;
        FrameHeight = frameHeight;
        ModelWidth = modelWidth;
        ModelHeight = modelHeight;
        Fit = fit;
        Align = align;
    }

    public int FrameWidth { get; }
    public int FrameHeight { get; }

    /// <summary>W of the model's `image` input.</summary>
    public int ModelWidth { get; }

    /// <summary>H of the model's `image` input.</summary>
    public int ModelHeight { get; }

    public FrameFit Fit { get; }

    public int Align { get; }

    /// <summary>Whether frames go to the model as they are (no padding, no resizing).</summary>
    public bool IsIdentity => ModelWidth == FrameWidth && ModelHeight == FrameHeight;

    /// <summary>The model's size for the camera resolution in <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options cannot be met by this model; the message says which and why.</exception>
    public static FrameGeometry For(ModelManifest manifest, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(options);
        var image = manifest.Input(ModelContract.Image)
            ?? throw new ArgumentException($"Model {manifest.Name} has no image input.", nameof(manifest));
        var align = manifest.Align;
        int width = options.FrameWidth, height = options.FrameHeight;
        long? fixedWidth = image.Shape[3].Size, fixedHeight = image.Shape[2].Size;
        if (options.Fit == FrameFit.Pad)
        {
            if (options.ResizeWidth != 0 || options.ResizeHeight != 0)
            {
                throw new ArgumentException(
                    $"ResizeWidth and ResizeHeight ({options.ResizeWidth}x{options.ResizeHeight}) apply only with Fit = Resize; with Fit = Pad the model runs "
                    + "at the frame's size rounded up to its align. Set Fit = Resize, or leave them 0.", nameof(options));
            }
            if (fixedWidth < width || fixedHeight < height)
            {
                throw new ArgumentException(
                    $"Model {manifest.Name} takes {fixedWidth?.ToString() ?? "any"}x{fixedHeight?.ToString() ?? "any"} images, smaller than the camera's "
                    + $"{width}x{height} frames, and padding cannot shrink a frame: set Fit = Resize, or use a model with dynamic height and width.",
                    nameof(options));
            }
            return new FrameGeometry(width, height, (int)(fixedWidth ?? RoundUp(width, align)), (int)(fixedHeight ?? RoundUp(height, align)), FrameFit.Pad, align);
        }

        var modelWidth = Choose("width", options.ResizeWidth, fixedWidth, width);
        var modelHeight = Choose("height", options.ResizeHeight, fixedHeight, height);
        return new FrameGeometry(width, height, modelWidth, modelHeight, FrameFit.Resize, align);

        int Choose(string label, int configured, long? fixedSize, int frameSize)
        {
            if (configured == 0)
                return (int)(fixedSize ?? Math.Max(align, RoundNearest(frameSize, align)));
            if (fixedSize is { } size && size != configured)
            {
                throw new ArgumentException(
                    $"Resize {label} {configured} differs from the {size} that model {manifest.Name} takes: set it to {size} or 0.", nameof(options));
            }
            if (configured % align != 0)
            {
                throw new ArgumentException(
                    $"Resize {label} {configured} is not a multiple of model {manifest.Name}'s align {align}: use {Math.Max(align, RoundNearest(configured, align))}.",
                    nameof(options));
            }
            return configured;
        }
    }

    /// <summary>
    /// The intrinsics as the model sees the frame: unchanged when padded (padding adds rows and
    /// columns after the last ones, so the origin and K stay put), scaled to the model's size when
    /// resized (<see cref="CameraIntrinsics.ScaledTo"/>, aligned pixel centres as the resampler).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="frame"/> describes another image size than the camera's frames.</exception>
    public CameraIntrinsics ToModel(CameraIntrinsics frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width != FrameWidth || frame.Height != FrameHeight)
        {
            throw new ArgumentException(
                $"The intrinsics describe a {frame.Width}x{frame.Height} image and the engine's frames are {FrameWidth}x{FrameHeight}: "
                + $"give them in pixels of the camera frame (CameraIntrinsics.ScaledTo({FrameWidth}, {FrameHeight}) if the camera was calibrated at another resolution).",
                nameof(frame));
        }
        return Fit == FrameFit.Resize ? frame.ScaledTo(ModelWidth, ModelHeight) : frame;
    }

    /// <summary>"1280x720 padded to 1280x720", "1280x720 resized to 640x352".</summary>
    public override string ToString() =>
        $"{FrameWidth}x{FrameHeight} {(Fit == FrameFit.Pad ? "padded" : "resized")} to {ModelWidth}x{ModelHeight}";

    private static int RoundUp(int size, int align) => checked((size + align - 1) / align * align);

    private static int RoundNearest(int size, int align) => checked((size + (align / 2)) / align * align);
}
