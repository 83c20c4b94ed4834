using System.Globalization;

namespace GyroEdge.Domain.Camera;

/// <summary>
/// A pinhole camera's intrinsics in pixels of a <see cref="Width"/>×<see cref="Height"/> image,
/// K = [[fx, skew, cx], [0, fy, cy], [0, 0, 1]], with (0, 0) at the centre of the top-left pixel
/// (the OpenCV convention). The model's <c>intrinsics</c> input is K in pixels of the image it is
/// given, so K must follow every resize and crop between the sensor and the model:
/// <see cref="ScaledTo"/> and <see cref="Cropped"/>.
/// </summary>
/// <remarks>
/// A class, not a struct: one instance per camera is shared by every frame's motion, so frames
/// carry a reference, and code that rescales it (the engine) can cache the result by reference.
/// </remarks>
public sealed record CameraIntrinsics
{
    /// <param name="skew">
    /// K[0][1]: 0 for every sensor with rectangular pixels, which is every sensor GyroEdge meets;
    /// kept because a calibration tool may report it and the model contract's K has the slot.
    /// </param>
    public CameraIntrinsics(double fx, double fy, double cx, double cy, int width, int height, double skew = 0)
    {
        if (!(fx > 0) || !(fy > 0) || !double.IsFinite(fx) || !double.IsFinite(fy))
            throw new ArgumentException(Invariant($"Focal lengths must be positive and finite, in pixels; got fx={fx}, fy={fy}. Check the camera calibration."));
        if (!double.IsFinite(cx) || !double.IsFinite(cy))
            throw new ArgumentException(Invariant($"The principal point must be finite; got cx={cx}, cy={cy}. Check the camera calibration."));
        if (!double.IsFinite(skew))
            throw new ArgumentException(Invariant($"The skew must be finite (0 for rectangular pixels); got {skew}. Check the camera calibration."));
        if (width <= 0 || height <= 0)
            throw new ArgumentException(Invariant($"Intrinsics refer to an image size, which must be positive; got {width}x{height}."));
        Fx = fx;
        Fy = fy;
        Cx = cx;
        Cy = cy;
        Width = width;
        Height = height;
        Skew = skew;
    }

    public double Fx { get; }
    public double Fy { get; }
    public double Cx { get; }
    public double Cy { get; }

    /// <summary>K[0][1], in pixels; 0 for rectangular pixels.</summary>
    public double Skew { get; }

    /// <summary>The width in pixels of the image these intrinsics describe.</summary>
    public int Width { get; }

    /// <summary>The height in pixels of the image these intrinsics describe.</summary>
    public int Height { get; }

    /// <summary>
    /// A camera with the given horizontal field of view, square pixels and the principal point at
    /// the image centre: what the trainer's synthesis assumes when it picks intrinsics for a crop.
    /// </summary>
    public static CameraIntrinsics FromHorizontalFieldOfView(double degrees, int width, int height)
    {
        if (!(degrees > 0 && degrees < 180))
            throw new ArgumentException(Invariant($"A horizontal field of view is between 0 and 180 degrees; got {degrees}."));
        var focal = width / 2.0 / Math.Tan(degrees * Math.PI / 360.0);
        return new CameraIntrinsics(focal, focal, (width - 1) / 2.0, (height - 1) / 2.0, width, height);
    }

    /// <summary>
    /// The same camera seen through a resize to <paramref name="width"/>×<paramref name="height"/>.
    /// Pixel centres scale about the image's outer edge, hence the half-pixel terms:
    /// c' = (c + ½)·s − ½; focal lengths scale by s, skew by the horizontal s. This is the mapping
    /// of a resize with aligned pixel centres (OpenCV INTER_LINEAR, PyTorch align_corners=False,
    /// GyroEdge.Imaging's BilinearResampler), which is how frames reach the model; scaling about
    /// the corner (c' = c·s) would put the principal point half a source pixel off.
    /// </summary>
    public CameraIntrinsics ScaledTo(int width, int height)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentException(Invariant($"A resize target must be positive; got {width}x{height}."));
        var sx = width / (double)Width;
        var sy = height / (double)Height;
        return new CameraIntrinsics(Fx * sx, Fy * sy, ((Cx + 0.5) * sx) - 0.5, ((Cy + 0.5) * sy) - 0.5, width, height, Skew * sx);
    }

    /// <summary>The same camera seen through a crop whose top-left pixel is (<paramref name="left"/>, <paramref name="top"/>).</summary>
    public CameraIntrinsics Cropped(int left, int top, int width, int height)
    {
        if (left < 0 || top < 0 || width <= 0 || height <= 0 || left + width > Width || top + height > Height)
            throw new ArgumentException(Invariant($"The crop {width}x{height} at ({left}, {top}) does not fit in the {Width}x{Height} image."));
        return new CameraIntrinsics(Fx, Fy, Cx - left, Cy - top, width, height, Skew);
    }

    /// <summary>Writes K = [[fx, skew, cx], [0, fy, cy], [0, 0, 1]] row-major: the model's <c>intrinsics</c> input.</summary>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length < 9)
            throw new ArgumentException($"K is 3x3 (9 values); the destination holds {destination.Length}.", nameof(destination));
        destination[..9].Clear();
        destination[0] = (float)Fx;
        destination[1] = (float)Skew;
        destination[2] = (float)Cx;
        destination[4] = (float)Fy;
        destination[5] = (float)Cy;
        destination[8] = 1f;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
