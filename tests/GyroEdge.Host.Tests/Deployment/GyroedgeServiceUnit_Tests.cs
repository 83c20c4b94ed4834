using GyroEdge.Host.Bench;
using GyroEdge.Host.CommandLine;
using GyroEdge.Host.Recording;
using GyroEdge.Inference.OnnxRuntime;
using Microsoft.Extensions.Hosting;

namespace GyroEdge.Host.Tests.Deployment;

/// <summary>systemd/gyroedge.service: accepted by systemd, and saying what the daemon depends on.</summary>
public sealed class GyroedgeServiceUnit_Tests
{
    /// <summary>
    /// Directives the unit may use, with the systemd release that introduced each. JetPack 6 runs
    /// Ubuntu 22.04's systemd 249 while the tests run a newer one, so `systemd-analyze verify`
    /// alone would accept a directive the board ignores. Add a directive here only with its
    /// version from systemd's NEWS or the man page's "Added in version".
    /// </summary>
    private static readonly Dictionary<string, int> DirectiveIntroducedIn = new(StringComparer.Ordinal)
    {
        ["Description"] = 1, ["Documentation"] = 186, ["Wants"] = 1, ["After"] = 1, ["Requires"] = 1,
        ["StartLimitIntervalSec"] = 229, ["StartLimitBurst"] = 229,
        ["Type"] = 1, ["NotifyAccess"] = 1, ["ExecStart"] = 1, ["WatchdogSec"] = 1, ["Restart"] = 1,
        ["RestartSec"] = 1, ["RestartPreventExitStatus"] = 189, ["TimeoutStartSec"] = 188, ["TimeoutStopSec"] = 188,
        ["User"] = 1, ["Group"] = 1, ["SupplementaryGroups"] = 1, ["UMask"] = 1, ["Environment"] = 1,
        ["StateDirectory"] = 235, ["CacheDirectory"] = 235, ["ConfigurationDirectory"] = 235,
        ["AmbientCapabilities"] = 229, ["CapabilityBoundingSet"] = 1, ["LimitRTPRIO"] = 1,
        ["NoNewPrivileges"] = 187, ["ProtectSystem"] = 214, ["ProtectHome"] = 214, ["PrivateTmp"] = 1,
        ["ProtectKernelTunables"] = 232, ["ProtectKernelModules"] = 232, ["ProtectKernelLogs"] = 244,
        ["ProtectControlGroups"] = 232, ["ProtectClock"] = 245, ["ProtectHostname"] = 242, ["ProtectProc"] = 247,
        ["RestrictSUIDSGID"] = 242, ["RestrictNamespaces"] = 233, ["LockPersonality"] = 235,
        ["SystemCallArchitectures"] = 209, ["RestrictAddressFamilies"] = 211,
        ["DevicePolicy"] = 1, ["DeviceAllow"] = 1, ["WantedBy"] = 1,
    };

    private const int JetPack6Systemd = 249;

    private static SystemdUnitFile Unit => SystemdUnitFile.Load(DeploymentFiles.ServiceUnit);

    [Fact]
    public void Systemd_Analyze_Verify_Accepts_The_Unit_Without_A_Warning()
    {
        var analyze = ExternalTool.Find("systemd-analyze", "systemd");
        using var root = new ScratchDirectory();
        // An alternate root so verify can check ExecStart's binary (a stub at the installed path)
        // and resolve the targets the unit orders itself against (the machine's own unit files).
        var binary = root.File("opt/gyroedge/gyroedge");
        File.WriteAllText(binary, "#!/bin/sh\n");
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("systemd units are checked on Linux, where systemd-analyze runs.");
        File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        CopySystemUnits(Path.Combine(root.Path, "usr", "lib", "systemd", "system"));
        File.Copy(DeploymentFiles.ServiceUnit, root.File("etc/systemd/system/gyroedge.service"));

        var verify = analyze.Run("verify", "--man=no", "--root=" + root.Path, "/etc/systemd/system/gyroedge.service");

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.True(verify.Error.Trim().Length == 0 && verify.Output.Trim().Length == 0, "systemd-analyze verify complained:\n" + verify);
    }

    [Fact]
    public void Parses_As_A_Unit_File_With_Unit_Service_And_Install_Sections()
    {
        Assert.Equal(["Unit", "Service", "Install"], Unit.Sections);
        Assert.Equal("multi-user.target", Unit.Single("Install", "WantedBy"));
    }

    [Fact]
    public void Unit_Parser_Rejects_A_Line_Systemd_Would_Ignore()
    {
        var error = Assert.Throws<FormatException>(() => SystemdUnitFile.Parse("[Service]\nType=notify\nWatchdogSec 10\n"));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uses_Only_Directives_The_Systemd_Of_JetPack_6_Knows()
    {
        var unknownOrNewer = Unit.Directives
            .Where(d => !DirectiveIntroducedIn.TryGetValue(d.Key, out var version) || version > JetPack6Systemd)
            .Select(d => $"line {d.Line}: {d.Key}")
            .ToList();

        Assert.True(unknownOrNewer.Count == 0,
            "directives not known to be in systemd 249 (look up the version and add it to the list): " + string.Join("; ", unknownOrNewer));
    }

    [Fact]
    public void Starts_The_Installed_Binary_With_The_Board_Configuration()
    {
        Assert.Equal("/opt/gyroedge/gyroedge run --config /etc/gyroedge/gyroedge.json", Unit.Single("Service", "ExecStart"));
    }

    [Fact]
    public void Is_A_Notify_Service_Whose_Watchdog_The_Daemon_Can_Feed()
    {
        Assert.Equal("notify", Unit.Single("Service", "Type"));
        Assert.Equal("main", Unit.Single("Service", "NotifyAccess"));
        var watchdog = SystemdUnitFile.ParseTimeSpan(Unit.Single("Service", "WatchdogSec"));
        // The daemon pings at half the interval; below 2 s a busy board could miss a ping.
        Assert.InRange(watchdog, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Restarts_On_Failure_But_Not_On_A_Configuration_Or_Usage_Error()
    {
        Assert.Equal("on-failure", Unit.Single("Service", "Restart"));
        var prevented = Unit.Words("Service", "RestartPreventExitStatus");
        Assert.Contains(ExitCodes.Config.ToString(System.Globalization.CultureInfo.InvariantCulture), prevented);
        Assert.Contains(ExitCodes.Usage.ToString(System.Globalization.CultureInfo.InvariantCulture), prevented);
        Assert.DoesNotContain(ExitCodes.Unavailable.ToString(System.Globalization.CultureInfo.InvariantCulture), prevented); // a late device must get another try
        Assert.True(SystemdUnitFile.ParseTimeSpan(Unit.Single("Service", "RestartSec")) > TimeSpan.Zero);
        Assert.True(int.Parse(Unit.Single("Unit", "StartLimitBurst"), System.Globalization.CultureInfo.InvariantCulture) > 1);
        Assert.True(SystemdUnitFile.ParseTimeSpan(Unit.Single("Unit", "StartLimitIntervalSec")) > TimeSpan.Zero);
    }

    [Fact]
    public void Gives_The_Graceful_Stop_More_Time_Than_The_Generic_Host_Takes()
    {
        var stop = SystemdUnitFile.ParseTimeSpan(Unit.Single("Service", "TimeoutStopSec"));

        Assert.True(stop > new HostOptions().ShutdownTimeout,
            $"TimeoutStopSec {stop} must exceed the host's ShutdownTimeout {new HostOptions().ShutdownTimeout}, or SIGKILL cuts the outbox flush short.");
    }

    [Fact]
    public void Keeps_State_Where_The_Daemon_Defaults_Point()
    {
        var state = Unit.Single("Service", "StateDirectory");

        Assert.Equal("gyroedge", state);
        Assert.StartsWith("/var/lib/" + state + "/", new FieldRecorderOptions().Root, StringComparison.Ordinal);
        Assert.Equal("gyroedge", Unit.Single("Service", "CacheDirectory"));
        Assert.Equal("gyroedge", Unit.Single("Service", "ConfigurationDirectory"));
    }

    [Fact]
    public void Runs_As_Gyroedge_In_Exactly_The_Three_Device_Groups()
    {
        Assert.Equal("gyroedge", Unit.Single("Service", "User"));
        Assert.Equal(["gpio", "i2c", "video"], Unit.Words("Service", "SupplementaryGroups").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Leaves_MemoryDenyWriteExecute_Off_Because_The_Jit_Needs_It()
    {
        Assert.All(Unit.All("Service", "MemoryDenyWriteExecute"), value => Assert.Equal("no", value));
        Assert.All(Unit.All("Service", "RestrictRealtime"), value => Assert.Equal("no", value));
    }

    [Fact]
    public void Lets_The_Imu_Reader_Alone_Take_Fifo_With_One_Capability()
    {
        Assert.Equal(["CAP_SYS_NICE"], Unit.Words("Service", "AmbientCapabilities"));
        Assert.Equal(["CAP_SYS_NICE"], Unit.Words("Service", "CapabilityBoundingSet"));
        Assert.Empty(Unit.All("Service", "CPUSchedulingPolicy")); // would make every thread real-time
        Assert.True(int.Parse(Unit.Single("Service", "LimitRTPRIO"), System.Globalization.CultureInfo.InvariantCulture) >= ImuBenchRun.ReaderPriority);
    }

    [Fact]
    public void Closes_Devices_Except_The_Imu_Bus_Gpio_Chips_Cameras_And_The_Gpu()
    {
        Assert.Equal("closed", Unit.Single("Service", "DevicePolicy"));
        var allowed = Unit.All("Service", "DeviceAllow");
        Assert.Contains("char-i2c rw", allowed);
        Assert.Contains("char-gpiochip rw", allowed);
        Assert.Contains("char-video4linux rw", allowed);
        Assert.Contains("/dev/nvmap rw", allowed);
        Assert.Contains("/dev/nvgpu/igpu0/ctrl rw", allowed);
        Assert.All(allowed, rule => Assert.Matches(@"^(char-[a-z0-9_-]+|/dev/\S+) (r|rw|rwm)$", rule));
    }

    [Fact]
    public void Is_Hardened_Without_Hiding_What_The_Daemon_Needs()
    {
        Assert.Equal("strict", Unit.Single("Service", "ProtectSystem"));
        foreach (var yes in new[] { "ProtectHome", "PrivateTmp", "NoNewPrivileges", "ProtectKernelTunables", "ProtectKernelModules",
                     "ProtectKernelLogs", "ProtectControlGroups", "RestrictNamespaces", "LockPersonality" })
            Assert.Equal("yes", Unit.Single("Service", yes));
        Assert.Equal("native", Unit.Single("Service", "SystemCallArchitectures"));
        Assert.Equal(["AF_INET", "AF_INET6", "AF_NETLINK", "AF_UNIX"], Unit.Words("Service", "RestrictAddressFamilies").Order(StringComparer.Ordinal));
        Assert.Empty(Unit.All("Service", "PrivateDevices")); // would hide /dev/i2c-*, /dev/gpiochip*, /dev/video*
    }

    [Fact]
    public void Points_The_Daemon_At_The_Onnx_Runtime_Built_For_The_Board()
    {
        var environment = Unit.All("Service", "Environment");

        Assert.Contains(OnnxRuntimeLibrary.PathVariable + "=/opt/onnxruntime/lib/libonnxruntime.so.1", environment);
    }

    private static void CopySystemUnits(string destination)
    {
        var source = new[] { "/usr/lib/systemd/system", "/lib/systemd/system" }.FirstOrDefault(Directory.Exists)
            ?? throw new InvalidOperationException("No /usr/lib/systemd/system on this machine: install the systemd package (`./gyroedge setup` does).");
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            // Symlinked units (aliases) are skipped: verify needs only the targets themselves.
            if (new FileInfo(file).LinkTarget is null)
                File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }
    }
}
