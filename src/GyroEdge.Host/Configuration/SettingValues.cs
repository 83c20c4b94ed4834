using System.Globalization;
using System.Net;
using GyroEdge.Domain.Calibration;
using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Geometry;
using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Imu.Icm42688;
using GyroEdge.Inference.Engine;
using GyroEdge.Host.Recording;

namespace GyroEdge.Host.Configuration;

/// <summary>
/// Turns the text of settings into the types the components take. Each method returns null when
/// the text is not valid; <see cref="SettingsValidator"/> turns that into a message naming the
/// setting, and the composition calls the same methods on validated settings.
/// </summary>
public static class SettingValues
{
    public static readonly string[] ImuChips = ["icm42688", "mpu6050", "mpu6500", "mpu9250"];

    public static readonly string[] PixelFormats = ["yuyv", "nv12", "rgb24", "bgr24", "grey"];

    public static readonly string[] Providers = ["TensorRT", "CUDA", "CPU"];

    /// <summary>"0x68", "0X68" or "104" → 104.</summary>
    public static int? ParseNumber(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var trimmed = text.Trim();
        if (trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return int.TryParse(trimmed.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : null;
        return int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    public static FramePixelFormat? ParsePixelFormat(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "YUYV" => FramePixelFormat.Yuyv,
        "NV12" => FramePixelFormat.Nv12,
        "RGB24" or "RGB" => FramePixelFormat.Rgb24,
        "BGR24" or "BGR" => FramePixelFormat.Bgr24,
        "GREY" or "GRAY" => FramePixelFormat.Grey,
        _ => null,
    };

    public static PipelineMode? ParseMode(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "DEBLUR" => PipelineMode.Deblur,
        "RECORD" => PipelineMode.Record,
        "BOTH" => PipelineMode.Both,
        _ => null,
    };

    public static FrameFit? ParseFit(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "PAD" => FrameFit.Pad,
        "RESIZE" => FrameFit.Resize,
        _ => null,
    };

    public static DiskBudgetPolicy? ParseBudgetPolicy(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "DELETE-OLDEST" => DiskBudgetPolicy.DeleteOldestSessions,
        "STOP" => DiskBudgetPolicy.StopRecording,
        _ => null,
    };

    /// <summary>"127.0.0.1:9464" → (127.0.0.1, 9464); "[::1]:9464" for IPv6.</summary>
    public static (string Address, int Port)? ParseListen(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var colon = text.LastIndexOf(':');
        if (colon <= 0)
            return null;
        var host = text[..colon].Trim('[', ']');
        if (!IPAddress.TryParse(host, out _)
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port > 65535)
        {
            return null;
        }
        return (host, port);
    }

    /// <summary>The ICM-42688-P range code for a full scale in dps.</summary>
    public static Icm42688GyroRange? IcmRange(double dps)
    {
        foreach (var range in Enum.GetValues<Icm42688GyroRange>())
        {
            if (Math.Abs((2000.0 / (1 << (int)range)) - dps) < 1e-9)
                return range;
        }
        return null;
    }

    /// <summary>The camera's intrinsics from Camera:Intrinsics, else Camera:HorizontalFovDegrees.</summary>
    public static CameraIntrinsics Intrinsics(CameraSettings camera, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(camera);
        if (camera.Intrinsics is { } k)
        {
            var intrinsics = new CameraIntrinsics(k.Fx, k.Fy, k.Cx, k.Cy, camera.Width, camera.Height, k.Skew);
            return width == camera.Width && height == camera.Height ? intrinsics : intrinsics.ScaledTo(width, height);
        }
        return CameraIntrinsics.FromHorizontalFieldOfView(camera.HorizontalFovDegrees ?? 70, width, height);
    }

    /// <summary>Calibration:* as the domain's calibration (identity, no offset, no bias when absent).</summary>
    public static ImuCalibration Calibration(CalibrationSettings calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        var rotation = RotationMatrix.Identity;
        if (calibration.ImuToCamera is { } rows)
        {
            if (rows.Count != 3 || rows.Any(r => r is null || r.Count != 3))
                throw new ArgumentException("expected 3 rows of 3 numbers, e.g. [[1,0,0],[0,1,0],[0,0,1]]");
            rotation = RotationMatrix.FromRowMajor(rows.SelectMany(r => r).ToArray(), "IMU-to-camera rotation");
        }
        var bias = AngularVelocity.Zero;
        if (calibration.GyroBias is { } b)
        {
            if (b.Count != 3 || b.Any(v => !double.IsFinite(v)))
                throw new ArgumentException("expected three finite numbers in rad/s (IMU axes), e.g. [0.001, -0.002, 0]");
            bias = new AngularVelocity(b[0], b[1], b[2]);
        }
        return new ImuCalibration(rotation, calibration.TimeOffsetNs, bias);
    }
}
