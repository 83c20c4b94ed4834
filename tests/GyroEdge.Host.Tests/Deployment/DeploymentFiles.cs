using GyroEdge.TestSupport;

namespace GyroEdge.Host.Tests.Deployment;

/// <summary>The integrator-facing files under test, where the repository keeps them.</summary>
internal static class DeploymentFiles
{
    public static string ServiceUnit => Path.Combine(Repository.Root, "systemd", "gyroedge.service");

    public static string Sysusers => Path.Combine(Repository.Root, "systemd", "gyroedge.sysusers.conf");

    public static string UdevRules => Path.Combine(Repository.Root, "firmware-config", "udev", "99-gyroedge.rules");

    public static string ImuOverlaySource => Path.Combine(Repository.Root, "firmware-config", "overlays", "gyroedge-imu-overlay.dts");

    public static string FirmwareReadme => Path.Combine(Repository.Root, "firmware-config", "README.md");

    public static string JetsonDockerfile => Path.Combine(Repository.Root, "Dockerfile.jetson");

    public static string EntryScript => Path.Combine(Repository.Root, "gyroedge");
}
