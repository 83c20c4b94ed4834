using System.CommandLine;
using GyroEdge.Host.CommandLine;
using GyroEdge.Host.Configuration;
using GyroEdge.Host.Pipeline;
using GyroEdge.Host.Simulation;
using GyroEdge.Host.Systemd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GyroEdge.Host.Service;

/// <summary>
/// `gyroedge run`: the daemon. Reads the settings (file, /etc/gyroedge/*.json, GYROEDGE__
/// variables, --set), refuses an invalid configuration naming the setting (exit 78), opens the
/// board's devices (or their emulators with Simulation:Enabled; a missing device exits 69), and
/// runs the pipeline until SIGTERM, telling systemd READY, STATUS and WATCHDOG on the way. A
/// failed stage stops the daemon with that stage's error and exit code, for systemd to restart it.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "A JSON settings file (e.g. firmware-config/boards/jetson-orin-nano-devkit.json); /etc/gyroedge/*.json, GYROEDGE__Section__Key variables and --set override it in that order." };
        var configDirectory = new Option<DirectoryInfo?>("--config-dir") { Description = $"The drop-in folder read after --config (default {SettingsLoader.DefaultDirectory}, or ${SettingsLoader.DirectoryVariable})." };
        var set = new Option<string[]>("--set") { Description = "Override one setting, Section:Key=value (repeatable), e.g. --set Imu:Address=0x69.", AllowMultipleArgumentsPerToken = false };
        var check = new Option<bool>("--check") { Description = "Only load and check the configuration, then exit (0 when valid, 78 when not)." };
        var command = new Command("run", "Run the GyroEdge daemon: IMU, strobe and camera in, deblurred frames out over MQTT and/or recordings on disk.")
        {
            config, configDirectory, set, check,
        };
        command.SetAction((parse, cancel) => UserFacingErrors.RunAsync("run", async () =>
        {
            GyroEdgeSettings settings;
            try
            {
                settings = SettingsLoader.Load(parse.GetValue(config)?.FullName, parse.GetValue(configDirectory)?.FullName, parse.GetValue(set) ?? []);
                SettingsValidator.ThrowIfInvalid(settings);
            }
            catch (SettingsException e)
            {
                await Console.Error.WriteLineAsync($"gyroedge run: invalid configuration: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Config;
            }
            if (parse.GetValue(check))
            {
                Console.WriteLine($"gyroedge run: the configuration is valid ({settings.Mode} mode, device {settings.Device.Id}{(settings.Simulation.Enabled ? ", simulated" : "")}).");
                return ExitCodes.Ok;
            }
            return await RunAsync(settings, cancel).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<int> RunAsync(GyroEdgeSettings settings, CancellationToken terminate)
    {
        using var notifier = SystemdNotifier.FromEnvironment();
        IPipelineDevices devices;
        PipelineInputs inputs;
        try
        {
            if (settings.Simulation.Enabled)
            {
                var emulated = EmulatedDevices.Create(settings);
                (devices, inputs) = (emulated, emulated.Inputs);
            }
            else
            {
                var board = new BoardDevices(settings);
                (devices, inputs) = (board, new PipelineInputs(settings, board, Hardware.Frames.FrameFormat.Packed(
                    SettingValues.ParsePixelFormat(settings.Camera.PixelFormat)!.Value, settings.Camera.Width, settings.Camera.Height),
                    SettingValues.Intrinsics(settings.Camera, settings.Camera.Width, settings.Camera.Height),
                    SettingValues.Calibration(settings.Calibration)));
            }
        }
        catch (SettingsException e)
        {
            await Console.Error.WriteLineAsync($"gyroedge run: invalid configuration: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Config;
        }

        using (devices)
        {
            // SIGTERM and SIGINT arrive as `terminate` (System.CommandLine's handler); the host does
            // not handle signals itself, so there is one way to stop.
            using var host = PipelineHost.Build(inputs, new PipelineHostOptions { Notifier = notifier, HandleSignals = false });
            var failures = host.Services.GetRequiredService<PipelineContext>().Failures;
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            using var stopOnSignal = terminate.Register(lifetime.StopApplication);
            using var exitGuard = new GracefulExit(lifetime, settings.Device.StopTimeout);
            try
            {
                await host.StartAsync(terminate).ConfigureAwait(false);
            }
            catch (SettingsException e)
            {
                await StopQuietlyAsync(host).ConfigureAwait(false);
                await Console.Error.WriteLineAsync($"gyroedge run: invalid configuration: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Config;
            }
            catch
            {
                // A device or model that failed to start: stop what did start, then report it.
                await StopQuietlyAsync(host).ConfigureAwait(false);
                throw;
            }
            await host.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
            if (failures.First is { } failure)
            {
                await Console.Error.WriteLineAsync($"gyroedge run: the {failure.Stage} stage failed: {failure.Error.Message}").ConfigureAwait(false);
                return exitGuard.Finish(failure.Error is SettingsException ? ExitCodes.Config : UserFacingErrors.Classify(failure.Error) ?? ExitCodes.Software);
            }
            return exitGuard.Finish(ExitCodes.Ok);
        }
    }

    private static async Task StopQuietlyAsync(IHost host)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await host.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The start failure is what the user needs to see.
        }
    }

    /// <summary>
    /// System.CommandLine gives an action 2 s after SIGTERM before it returns 143 from Main, and
    /// the daemon may need up to Device:StopTimeout to drain, close the outbox and the recording.
    /// If Main returns first, the runtime's ProcessExit waits here for the stop to finish and
    /// sets the exit code to the daemon's (0 after a clean stop), as systemd expects.
    /// </summary>
    private sealed class GracefulExit : IDisposable
    {
        private readonly IHostApplicationLifetime _lifetime;
        private readonly TimeSpan _limit;
        private readonly ManualResetEventSlim _finished = new();
        private int _exitCode = ExitCodes.Software;

        public GracefulExit(IHostApplicationLifetime lifetime, TimeSpan stopTimeout)
        {
            _lifetime = lifetime;
            _limit = stopTimeout + TimeSpan.FromSeconds(5);
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }

        public int Finish(int exitCode)
        {
            Volatile.Write(ref _exitCode, exitCode);
            _finished.Set();
            return exitCode;
        }

        public void Dispose()
        {
            _finished.Set();
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        }

        private void OnProcessExit(object? sender, EventArgs e)
        {
            _lifetime.StopApplication();
            if (_finished.Wait(_limit))
                Environment.ExitCode = Volatile.Read(ref _exitCode);
        }
    }
}
