using System.Diagnostics;
using GyroEdge.Domain.Gyro;
using GyroEdge.Hardware.Imu.Emulation;
using GyroEdge.Host.Configuration;
using GyroEdge.Host.Health;
using GyroEdge.Host.Health.Metrics;
using GyroEdge.Host.Pipeline;
using GyroEdge.Host.Systemd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GyroEdge.Host.Simulation;

/// <summary>How a <see cref="SimulatedDevice"/> runs besides its settings.</summary>
public sealed class SimulatedDeviceOptions
{
    /// <summary>systemd's side, for tests of READY/WATCHDOG/STATUS; a no-op notifier by default.</summary>
    public SystemdNotifier? Notifier { get; init; }

    /// <summary>Log the stages to the console (off: callers print their own summary).</summary>
    public bool Log { get; init; }
}

/// <summary>
/// The whole device in one process on emulators (Simulation:*): the emulated IMU on its emulated
/// I2C bus replaying a real gyro trace through the real driver, strobe edges timed to the frames,
/// frames from a recording or a generated pattern, and every pipeline stage of `gyroedge run`
/// above them, unchanged: motion, the deblur engine (ONNX Runtime), JPEG, the outbox and MQTT, the
/// recorder, /healthz and /metrics. `gyroedge demo` and `gyroedge bench pipeline` run it; tests
/// unplug its IMU, slow its inference and stop it.
/// </summary>
/// <example>
/// <code>
/// var settings = SettingsLoader.Load("firmware-config/boards/simulated.json", configDirectory: "", overrides: []);
/// var report = await SimulatedDevice.RunAsync(settings, framesPerSecond: 30, TimeSpan.FromSeconds(10));
/// Console.WriteLine(report.Describe());
/// </code>
/// </example>
public sealed class SimulatedDevice : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly EmulatedDevices _devices;
    private readonly PipelineContext _context;
    private long _startedTimestamp;
    private TimeSpan _startedCpu;
    private bool _started;
    private bool _stopped;

    private SimulatedDevice(IHost host, EmulatedDevices devices)
    {
        _host = host;
        _devices = devices;
        _context = host.Services.GetRequiredService<PipelineContext>();
    }

    /// <summary>
    /// Checks the settings (Simulation:Enabled is set for you) and composes the device; nothing
    /// runs until <see cref="StartAsync"/>. The settings object is kept and may be adjusted
    /// (a replayed recording sets Camera:Width/Height/PixelFormat to its own).
    /// </summary>
    /// <exception cref="SettingsException">A setting is invalid; the message names it.</exception>
    public static SimulatedDevice Create(GyroEdgeSettings settings, SimulatedDeviceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        options ??= new SimulatedDeviceOptions();
        settings.Simulation.Enabled = true;
        SettingsValidator.ThrowIfInvalid(settings);
        var devices = EmulatedDevices.Create(settings);
        var host = PipelineHost.Build(devices.Inputs, new PipelineHostOptions
        {
            Notifier = options.Notifier ?? new SystemdNotifier(notifySocket: null),
            HandleSignals = false,
            Log = options.Log,
        });
        return new SimulatedDevice(host, devices);
    }

    /// <summary>Runs the simulated device at <paramref name="framesPerSecond"/> for <paramref name="duration"/> and returns its figures.</summary>
    public static async Task<PipelineReport> RunAsync(GyroEdgeSettings settings, double framesPerSecond, TimeSpan duration, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Simulation.FrameRateHz = framesPerSecond;
        var device = Create(settings);
        await using (device.ConfigureAwait(false))
            return await device.RunAsync(duration, cancel).ConfigureAwait(false);
    }

    /// <summary>Every stage's counters, latencies and health (what /metrics serves).</summary>
    public PipelineMetrics Metrics => _context.Metrics;

    public HealthState Health => _context.Health;

    /// <summary>http://127.0.0.1:port/ of /healthz and /metrics (Health:Listen; port 0 picks a free one).</summary>
    public Uri HealthAddress => _host.Services.GetRequiredService<PipelineSupervisor>().HealthAddress;

    /// <summary>The emulated IMU chip once started: <c>Imu.Unplug()</c> / <c>Imu.Replug()</c>.</summary>
    public EmulatedImu Imu => _devices.Chip ?? throw new InvalidOperationException("The emulated IMU exists once the device has started.");

    /// <summary>The calibrated gyro stream the motion stage reads.</summary>
    public GyroStream Gyro => _context.Gyro;

    /// <summary>Runtime knobs: <c>Controls.InferenceDelay</c> emulates a slower (or, infinite, a stalled) accelerator.</summary>
    public RuntimeControls Controls => _context.Controls;

    /// <summary>The settings the device runs with (after the emulation adjusted the camera to a replayed recording).</summary>
    public GyroEdgeSettings Settings => _context.Settings;

    /// <summary>What the emulated IMU replays.</summary>
    public string GyroTrace => _devices.TraceName;

    /// <summary>The stage whose stall stopped the systemd watchdog pings, or null.</summary>
    public string? StalledStage => _host.Services.GetRequiredService<PipelineSupervisor>().StalledStage;

    /// <summary>The first stage failure, if any.</summary>
    public (string Stage, Exception Error)? Failure => _context.Failures.First;

    /// <summary>Starts every stage (loads the models, starts the emulated sensors); returns once READY=1 would be sent.</summary>
    public async Task StartAsync(CancellationToken cancel = default)
    {
        _startedTimestamp = Stopwatch.GetTimestamp();
        _startedCpu = Process.GetCurrentProcess().TotalProcessorTime;
        _started = true;
        await _host.StartAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>Stops as SIGTERM does: the camera first, each stage draining in order, the outbox and the recording closed.</summary>
    public async Task StopAsync(CancellationToken cancel = default)
    {
        if (!_started || _stopped)
            return;
        _stopped = true;
        await _host.StopAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>Starts, runs for <paramref name="duration"/> (less if a stage fails), stops, and reports.</summary>
    public async Task<PipelineReport> RunAsync(TimeSpan duration, CancellationToken cancel = default)
    {
        await StartAsync(cancel).ConfigureAwait(false);
        var lifetime = _host.Services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            await Task.Delay(duration, lifetime.ApplicationStopping).WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // A stage failed and stopped the host early: the report says how far it got.
        }
        // Health as it was while running: once the camera stops for the drain, its checks
        // would report a stalled camera and IMU that were merely switched off.
        var health = _context.Health.Snapshot().Summary;
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        return Report() with { Health = health };
    }

    /// <summary>The figures so far (or of the whole run, once stopped).</summary>
    public PipelineReport Report()
    {
        var wall = _started ? Stopwatch.GetElapsedTime(_startedTimestamp).TotalSeconds : 0;
        var cpu = _started ? (Process.GetCurrentProcess().TotalProcessorTime - _startedCpu).TotalSeconds : 0;
        return PipelineReport.From(_context, _host.Services.GetRequiredService<InferenceStage>(), _host.Services.GetRequiredService<OutboxStage>(), wall, cpu);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _host.Dispose();
        _devices.Dispose();
    }
}
