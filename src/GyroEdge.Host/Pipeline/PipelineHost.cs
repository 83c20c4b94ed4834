using GyroEdge.Domain.Calibration;
using GyroEdge.Domain.Camera;
using GyroEdge.Hardware.Frames;
using GyroEdge.Host.Configuration;
using GyroEdge.Host.Systemd;
using GyroEdge.Inference.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace GyroEdge.Host.Pipeline;

/// <summary>What a pipeline is built from: validated settings, its devices, and the camera as the devices will deliver it.</summary>
/// <param name="CameraFormat">The frames' layout (the settings' on a board; the recording's when replaying one).</param>
/// <param name="Intrinsics">The camera's intrinsics in pixels of those frames.</param>
/// <param name="Calibration">IMU-to-camera rotation, time offset and gyro bias.</param>
public sealed record PipelineInputs(GyroEdgeSettings Settings, IPipelineDevices Devices, FrameFormat CameraFormat, CameraIntrinsics Intrinsics, ImuCalibration Calibration);

/// <summary>How the host around the pipeline behaves (the same stages run in both cases).</summary>
public sealed class PipelineHostOptions
{
    /// <summary>systemd's notification socket; a no-op notifier outside systemd.</summary>
    public SystemdNotifier Notifier { get; init; } = new(notifySocket: null);

    /// <summary>Stop on SIGTERM/SIGINT (the daemon) or only when told (an embedded simulation, a test).</summary>
    public bool HandleSignals { get; init; } = true;

    /// <summary>Log to the console (journald reads it under systemd); off for embedded runs that print their own summary.</summary>
    public bool Log { get; init; } = true;

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;
}

/// <summary>
/// Composes the daemon: the .NET Generic Host with one hosted service per pipeline stage, joined
/// by the bounded channels of <see cref="PipelineContext"/>. Services start in registration order
/// and stop in reverse: the supervisor (health endpoint) first, then the outbox, recorder,
/// encoder, engine (loading the models), motion, and last the sensors (IMU, strobe, camera), so
/// every consumer is ready before its producer runs; on stop the camera stops first and each
/// stage drains what is queued before the next one is stopped.
/// </summary>
public static class PipelineHost
{
    public static IHost Build(PipelineInputs inputs, PipelineHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        options ??= new PipelineHostOptions();
        var settings = inputs.Settings;
        var deblur = (SettingValues.ParseMode(settings.Mode) ?? PipelineMode.Deblur).HasFlag(PipelineMode.Deblur);
        // Loaded (and their sha256 checked against the manifests) before anything is opened.
        var gyro = deblur ? ModelPackage.Load(settings.Models.Gyro) : null;
        var blind = deblur ? ModelPackage.Load(settings.Models.Blind) : null;
        var context = new PipelineContext(settings, inputs.CameraFormat, inputs.Intrinsics, inputs.Calibration, gyro, blind, options.Notifier);

        // The processing stages block a pool thread for a frame's work (an ORT run, an fsync);
        // headroom keeps Kestrel and the timers from waiting for the pool to grow.
        ThreadPool.GetMinThreads(out var workers, out var completion);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), completion);

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        if (options.Log)
        {
            builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            if (options.Notifier.IsEnabled)
                builder.Logging.AddSystemdConsole();
            else
                builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        }
        builder.Services.Configure<HostOptions>(host =>
        {
            host.ShutdownTimeout = settings.Device.StopTimeout;
            host.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
            host.ServicesStartConcurrently = false;
            host.ServicesStopConcurrently = false;
        });
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        if (!options.HandleSignals)
            builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();

        builder.Services.AddSingleton(context);
        builder.Services.AddSingleton(inputs.Devices);
        builder.Services.AddSingleton<GyroStage>();
        builder.Services.AddSingleton<ExposureStage>();
        builder.Services.AddSingleton<FrameStage>();
        builder.Services.AddSingleton<MotionStage>();
        builder.Services.AddSingleton<InferenceStage>();
        builder.Services.AddSingleton<EncodeStage>();
        builder.Services.AddSingleton<OutboxStage>();
        builder.Services.AddSingleton<RecorderStage>();
        builder.Services.AddSingleton<PipelineSupervisor>();
        foreach (var stage in new[] { typeof(OutboxStage), typeof(RecorderStage), typeof(EncodeStage), typeof(InferenceStage), typeof(MotionStage), typeof(GyroStage), typeof(ExposureStage), typeof(FrameStage) })
            builder.Services.AddSingleton(sp => (Stage)sp.GetRequiredService(stage));

        // Start order = this order; stop order = its reverse.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PipelineSupervisor>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxStage>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RecorderStage>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EncodeStage>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<InferenceStage>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MotionStage>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GyroStage>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ExposureStage>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FrameStage>());
        return builder.Build();
    }

    /// <summary>A lifetime that leaves signals alone: an embedded pipeline stops when its owner says so.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
