using System.Diagnostics;
using GyroEdge.Host.Recording;

namespace GyroEdge.Host.Tests.Recording;

/// <summary>A temporary folder deleted after the test.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gyroedge-rec-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}

/// <summary>
/// A real small file system: a tmpfs of a fixed size, so the recorder meets the kernel's own
/// ENOSPC. Mounting needs root (or CAP_SYS_ADMIN), which the test machines and CI containers have.
/// </summary>
public sealed class SmallTmpfs : IDisposable
{
    public SmallTmpfs(int kibibytes)
    {
        Directory.CreateDirectory(Path);
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", $"size={kibibytes}k", "tmpfs", Path);
        if (code != 0)
            throw new InvalidOperationException($"mount -t tmpfs failed ({error.Trim()}): the full-disk tests need root to mount a small tmpfs. Run the tests as root (sudo or a container).");
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gyroedge-tmpfs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Run("umount", Path);
        Directory.Delete(Path);
    }

    private static (int Code, string Error) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}

/// <summary>A clock the test moves by hand; the recorder reads it to decide when rows are due.</summary>
public sealed class ManualTime : TimeProvider
{
    private long _ticks = 1_000_000;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}

public static class Sessions
{
    public static SessionDescription Description(double[][]? intrinsics = null) => new(
        Device: "test-board",
        Software: "gyroedge test",
        Camera: new CameraDescription("imx477", 16, 12, intrinsics ?? [[20.0, 0, 8], [0, 20.0, 6], [0, 0, 1]], ReadoutNs: 15_000_000, Iso: 400),
        Exposure: new ExposureDescription("gpio strobe", 20_000_000),
        Imu: new ImuDescription("icm42688", "IMU (device) axes", 1000, 2000, 20_000_000),
        Calibration: new CalibrationDescription([[0, -1, 0], [1, 0, 0], [0, 0, 1]], 1_500_000, [0.001, -0.002, 0.003]));

    public static byte[] Pixels(int seed, int length)
    {
        var pixels = new byte[length];
        new Random(seed).NextBytes(pixels);
        return pixels;
    }
}
