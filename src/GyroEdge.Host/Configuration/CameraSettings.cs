namespace GyroEdge.Host.Configuration;

/// <summary><c>Camera</c>: the V4L2 camera, its format, intrinsics and rolling-shutter readout.</summary>
public sealed class CameraSettings
{
    /// <summary>The V4L2 capture node.</summary>
    public string Device { get; set; } = "/dev/video0";

    /// <summary>Camera model, free text for status and recordings.</summary>
    public string Model { get; set; } = "";

    public int Width { get; set; } = 1280;

    public int Height { get; set; } = 720;

    /// <summary>"yuyv", "nv12", "rgb24", "bgr24" or "grey".</summary>
    public string PixelFormat { get; set; } = "yuyv";

    /// <summary>The calibrated intrinsics in pixels of Width x Height frames; see <see cref="HorizontalFovDegrees"/>.</summary>
    public IntrinsicsSettings? Intrinsics { get; set; }

    /// <summary>
    /// Without <see cref="Intrinsics"/>: a pinhole with this horizontal field of view and the
    /// principal point at the centre, a stand-in until the camera is calibrated.
    /// </summary>
    public double? HorizontalFovDegrees { get; set; }

    /// <summary>Rolling-shutter readout, first row to last row, ns; 0 for a global shutter.</summary>
    public long ReadoutNs { get; set; }

    /// <summary>Kernel capture buffers (V4L2 REQBUFS).</summary>
    public int KernelBuffers { get; set; } = 4;
}

/// <summary>K = [[Fx, Skew, Cx], [0, Fy, Cy], [0, 0, 1]] in pixels.</summary>
public sealed class IntrinsicsSettings
{
    public double Fx { get; set; }

    public double Fy { get; set; }

    public double Cx { get; set; }

    public double Cy { get; set; }

    public double Skew { get; set; }
}
