using System.Globalization;
using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Imu;
using GyroEdge.Host.Configuration;
using GyroEdge.Host.Health;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// Watches the stages and tells the outside: serves /healthz and /metrics, judges the gyro and the
/// camera, tells systemd READY=1 once every stage has started, STATUS= whenever health changes
/// (running/degraded/failed with the reasons), WATCHDOG=1 at half WATCHDOG_USEC only while no
/// stage is stalled (so a wedged stage gets the daemon restarted), and STOPPING=1 on shutdown.
/// Registered first, so it starts first and stops last.
/// </summary>
public sealed class PipelineSupervisor : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <summary>No frame for this long from a camera that should be streaming is a failure of the camera.</summary>
    private static readonly TimeSpan CameraSilence = TimeSpan.FromSeconds(3);

    private readonly PipelineContext _context;
    private readonly IReadOnlyList<Stage> _stages;
    private readonly GyroStage _gyro;
    private readonly FrameStage _frames;
    private readonly RecorderStage _recorder;
    private readonly OutboxStage _outbox;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<PipelineSupervisor> _logger;
    private readonly HealthEndpoint _endpoint;
    private string? _lastStatus;
    private string? _stalledStage;
    private long _nextPingNs;
    private long _rateWindowStartNs;
    private long _rateWindowSamples;
    private long _evictionsSeen;
    private bool _ready;

    public PipelineSupervisor(
        PipelineContext context,
        IEnumerable<Stage> stages,
        GyroStage gyro,
        FrameStage frames,
        RecorderStage recorder,
        OutboxStage outbox,
        IHostApplicationLifetime lifetime,
        ILogger<PipelineSupervisor> logger)
    {
        _context = context;
        _stages = [.. stages];
        _gyro = gyro;
        _frames = frames;
        _recorder = recorder;
        _outbox = outbox;
        _lifetime = lifetime;
        _logger = logger;
        var (address, port) = SettingValues.ParseListen(context.Settings.Health.Listen)!.Value;
        _endpoint = new HealthEndpoint(
            new HealthEndpointOptions { Address = address, Port = port, DegradedIsUnhealthy = context.Settings.Health.DegradedIsUnhealthy },
            context.Health,
            context.Metrics.Registry);
    }

    /// <summary>http://address:port/ of /healthz and /metrics once started.</summary>
    public Uri HealthAddress => _endpoint.BaseAddress;

    /// <summary>The stage whose stall stopped the watchdog pings, or null.</summary>
    public string? StalledStage => Volatile.Read(ref _stalledStage);

    /// <summary>WATCHDOG=1 pings sent.</summary>
    public long WatchdogPings { get; private set; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _endpoint.StartAsync(cancellationToken).ConfigureAwait(false);
        PipelineLog.HealthListening(_logger, _endpoint.BaseAddress);
        _lifetime.ApplicationStarted.Register(() =>
        {
            Evaluate(SystemMonotonicClock.Instance.NowNs);
            _context.Notifier.Ready();
            _ready = true;
            PipelineLog.Ready(_logger, _context.Settings.Mode);
        });
        _lifetime.ApplicationStopping.Register(() =>
        {
            _context.Notifier.Stopping();
            _context.Notifier.Status("stopping: draining the pipeline, closing the outbox and the recording");
        });
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await _endpoint.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _endpoint.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var now = SystemMonotonicClock.Instance.NowNs;
                Evaluate(now);
                PingWatchdog(now);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Evaluate(long now)
    {
        JudgeGyro(now);
        JudgeCamera(now);
        if (_recorder.Status is { } recorder && !_lifetime.ApplicationStopping.IsCancellationRequested)
            _context.Health.ReportRecorder(recorder);
        UpdateGauges(now);

        var snapshot = _context.Health.Snapshot();
        var status = snapshot.IsHealthy ? "running: healthy" : snapshot.Summary;
        if (status != _lastStatus && !_lifetime.ApplicationStopping.IsCancellationRequested)
        {
            _lastStatus = status;
            _context.Notifier.Status(status);
            if (snapshot.IsHealthy)
                PipelineLog.Healthy(_logger, status);
            else
                PipelineLog.Unhealthy(_logger, status);
        }
    }

    private void JudgeGyro(long now)
    {
        if (_gyro.Imu is not { } imu)
            return;
        var batch = TimeSpan.FromMilliseconds(_context.Settings.Imu.BatchMs);
        var silence = MonotonicTime.ToTimeSpan(now - _gyro.LastSampleNs);
        string? reason = null;
        if (imu.State == ImuState.Unavailable)
        {
            reason = $"{imu.Description} is not answering ({imu.LastFault?.Message ?? "no reply"}); frames go through the blind model until it answers again (probed every few seconds at most). Check its wiring and power.";
        }
        else if (_gyro.LastSampleNs != 0 && silence > (batch * 4) + TimeSpan.FromMilliseconds(200))
        {
            reason = string.Create(CultureInfo.InvariantCulture,
                $"no gyro samples from {imu.Description} for {silence.TotalMilliseconds:0} ms; frames go through the blind model meanwhile.");
        }
        _context.Health.Report("gyro", reason is null ? HealthLevel.Healthy : HealthLevel.Degraded, reason);
    }

    private void JudgeCamera(long now)
    {
        if (_frames.Source is not { } source || source.IsFinished || !_ready)
            return;
        var since = _frames.LastFrameNs == 0 ? TimeSpan.Zero : MonotonicTime.ToTimeSpan(now - _frames.LastFrameNs);
        if (since > CameraSilence)
        {
            _context.Health.Report("camera", HealthLevel.Failed, string.Create(CultureInfo.InvariantCulture,
                $"no frame from {source.Name} for {since.TotalSeconds:0.#} s. Check the camera's cable and that no other program holds it (`fuser {_context.Settings.Camera.Device}`)."));
        }
        else
        {
            _context.Health.Report("camera", HealthLevel.Healthy);
        }
    }

    private void UpdateGauges(long now)
    {
        var metrics = _context.Metrics;
        var samples = _context.ImuSamples.Value;
        if (_rateWindowStartNs == 0)
        {
            (_rateWindowStartNs, _rateWindowSamples) = (now, samples);
        }
        else if (now - _rateWindowStartNs >= MonotonicTime.NanosecondsPerSecond)
        {
            metrics.ImuRate.Set((samples - _rateWindowSamples) / MonotonicTime.ToSeconds(now - _rateWindowStartNs));
            (_rateWindowStartNs, _rateWindowSamples) = (now, samples);
        }
        if (_outbox.Link is { } link)
        {
            var outbox = link.Outbox;
            metrics.OutboxDepth.Set(outbox.Depth);
            metrics.OutboxBytes.Set(outbox.Bytes);
            if (outbox.Evicted > _evictionsSeen)
            {
                metrics.OutboxEvictions.Increment(outbox.Evicted - _evictionsSeen);
                _evictionsSeen = outbox.Evicted;
            }
        }
    }

    private void PingWatchdog(long now)
    {
        if (!_ready || _context.Notifier.WatchdogPingPeriod is not { } period)
            return;
        var limit = _context.Settings.Pipeline.StallTimeout;
        var stalled = _stages.FirstOrDefault(s => s.Progress.BusyFor(now) > limit);
        if (stalled is not null)
        {
            if (Volatile.Read(ref _stalledStage) is null)
            {
                Volatile.Write(ref _stalledStage, stalled.Name);
                PipelineLog.Stalled(_logger, stalled.Name, limit);
                _context.Health.Report(stalled.Name, HealthLevel.Failed, $"stalled for more than {limit.TotalSeconds:0.#} s on one item.");
                _context.Notifier.Status($"failed: the {stalled.Name} stage is stalled; the watchdog will restart the daemon");
            }
            return;
        }
        if (Volatile.Read(ref _stalledStage) is { } recovered)
        {
            Volatile.Write(ref _stalledStage, null);
            _context.Health.Report(recovered, HealthLevel.Healthy);
        }
        if (now < _nextPingNs)
            return;
        _context.Notifier.Watchdog();
        WatchdogPings++;
        _nextPingNs = now + MonotonicTime.FromTimeSpan(period);
    }
}
