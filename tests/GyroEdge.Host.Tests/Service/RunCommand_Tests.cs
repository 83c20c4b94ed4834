using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using GyroEdge.Hardware.Frames;
using GyroEdge.Host.CommandLine;
using GyroEdge.Host.Configuration;
using GyroEdge.Host.Tests.Simulation;
using GyroEdge.Host.Tests.Support;
using GyroEdge.Host.Tests.Systemd;
using GyroEdge.TestSupport;

namespace GyroEdge.Host.Tests.Service;

/// <summary>`gyroedge run` as systemd meets it: the real program as a child process, exit codes, signals, notifications.</summary>
public sealed class RunCommand_Tests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true };
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("gyroedge-run-");

    public void Dispose() => _scratch.Delete(recursive: true);

    private string NoDropIns => Directory.CreateDirectory(Path.Combine(_scratch.FullName, "etc")).FullName;

    private string WriteConfig(GyroEdgeSettings settings)
    {
        var path = Path.Combine(_scratch.FullName, "gyroedge.json");
        File.WriteAllText(path, JsonSerializer.Serialize(settings, Json));
        return path;
    }

    [Fact]
    public void An_Invalid_Address_Names_The_Setting_And_Exits_With_EX_CONFIG()
    {
        var config = WriteConfig(SimulatedSettings.Create(_scratch.FullName, 1883));

        var result = GyroedgeProcess.Run(["run", "--config", config, "--config-dir", NoDropIns, "--set", "Imu:Address=0x99"]);

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Equal("gyroedge run: invalid configuration: Imu:Address 0x99 is not a valid 7-bit I2C address (expected 0x68 or 0x69 for an ICM-42688-P).", result.Error.Trim());
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [Fact]
    public void Environment_Variables_Override_The_Files_And_Are_Checked_Too()
    {
        var config = WriteConfig(SimulatedSettings.Create(_scratch.FullName, 1883));
        File.WriteAllText(Path.Combine(NoDropIns, "50-mode.json"), """{"Mode": "record"}""");

        var result = GyroedgeProcess.Run(["run", "--config", config, "--config-dir", NoDropIns, "--check"],
            new Dictionary<string, string?> { ["GYROEDGE__Imu__OdrHz"] = "999", ["GYROEDGE__Mode"] = "teleport" });

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains("Mode is \"teleport\"", result.Error, StringComparison.Ordinal);
        Assert.Contains("Imu:OdrHz is 999;", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Accepts_A_Valid_Configuration_Without_Opening_Anything()
    {
        var config = WriteConfig(SimulatedSettings.Create(_scratch.FullName, 1883));

        var result = GyroedgeProcess.Run(["run", "--config", config, "--config-dir", NoDropIns, "--check"]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal("gyroedge run: the configuration is valid (deblur mode, device sim-test, simulated).", result.Output.Trim());
        Assert.False(Directory.Exists(Path.Combine(_scratch.FullName, "outbox")));
    }

    [Fact]
    public void A_Missing_I2c_Bus_Fails_The_Start_With_EX_UNAVAILABLE_Before_Loading_Models()
    {
        var settings = SimulatedSettings.Create(_scratch.FullName, 1883);
        settings.Simulation.Enabled = false;
        settings.Imu.Bus = 99;
        settings.Strobe.Line = 5;
        settings.Camera.Device = "/dev/video99";
        var config = WriteConfig(settings);

        var result = GyroedgeProcess.Run(["run", "--config", config, "--config-dir", NoDropIns]);

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.StartsWith("gyroedge run: open on /dev/i2c-99 failed: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("i2cdetect -l", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [Fact]
    public async Task Sigterm_Drains_The_Pipeline_Persists_The_Outbox_Closes_The_Recording_And_Exits_0()
    {
        using var listener = NotifySocketListener.AtPath();
        // No broker at this port: deblurred frames wait in the outbox.
        var settings = SimulatedSettings.Create(_scratch.FullName, FreePort.OnLoopback(), mode: "both");
        var config = WriteConfig(settings);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "gyroedge.dll"), "run", "--config", config, "--config-dir", NoDropIns })
            start.ArgumentList.Add(argument);
        start.Environment["NOTIFY_SOCKET"] = listener.NotifySocketValue;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var received = new List<string>();
        try
        {
            // READY=1 once every stage has started; then let a few frames through.
            while (!received.Contains("READY=1"))
                received.Add(listener.Receive());
            var outbox = settings.Mqtt.OutboxDirectory;
            Assert.True(await SimulatedSettings.WaitUntilAsync(() => Directory.Exists(outbox) && Directory.GetFiles(outbox).Length >= 3), string.Join(" | ", received));

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "gyroedge run did not stop after SIGTERM");
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }

        Assert.True(process.ExitCode == ExitCodes.Ok, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");
        while (listener.Available)
            received.Add(listener.Receive());
        Assert.Contains("STOPPING=1", received);
        Assert.Empty(Directory.GetFiles(settings.Mqtt.OutboxDirectory, "*.tmp"));
        var session = Assert.Single(Directory.GetDirectories(settings.Recording.Directory, "session-*"));
        var frames = RecordingFrameIndex.Read(session);
        Assert.NotEmpty(frames);
        Assert.All(frames, f => Assert.True(File.Exists(Path.Combine(session, f.File)), f.File));
        Assert.EndsWith("\n", File.ReadAllText(Path.Combine(session, "gyro.csv")), StringComparison.Ordinal);
    }
}
