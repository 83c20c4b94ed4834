using System.Reflection;
using System.Text.Json.Nodes;
using GyroEdge.Domain.Gyro;
using GyroEdge.Domain.Time;
using GyroEdge.Host.Fleet;
using GyroEdge.Host.Health.Metrics;
using GyroEdge.Inference.Models;
using GyroEdge.Messaging.Commands;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// Hands each JPEG with its metadata to the device's fleet link (Messaging/Fleet/DeviceLink):
/// stored durably in the outbox on disk, then published at QoS 1 in the background and deleted on
/// PUBACK. The broker need not be up: frames wait in the outbox within its byte budget. On stop
/// the queued frames are stored first, then the link says offline and closes; what the broker has
/// not acknowledged stays on disk for the next start.
/// </summary>
public sealed class OutboxStage : Stage
{
    private static readonly string SoftwareVersion =
        typeof(OutboxStage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly IHostApplicationLifetime _lifetime;
    private readonly Dictionary<string, double> _latencies = new(StringComparer.Ordinal);
    private DeviceLink? _link;

    public OutboxStage(PipelineContext context, IHostApplicationLifetime lifetime, ILogger<OutboxStage> logger)
        : base("outbox", context, logger)
    {
        _lifetime = lifetime;
    }

    /// <summary>The fleet link; null in record-only mode or before start.</summary>
    public DeviceLink? Link => _link;

    /// <summary>The topic level frames are published under.</summary>
    public string DeviceId => Context.Settings.Mqtt.DeviceId ?? Context.Settings.Device.Id;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Context.Deblurs)
        {
            var mqtt = Context.Settings.Mqtt;
            var broker = BrokerUrl.Parse(mqtt.Broker);
            var link = new DeviceLink(new DeviceLinkOptions
            {
                DeviceId = DeviceId,
                Mqtt = new MqttClientOptions
                {
                    Host = broker.Host,
                    Port = broker.Port,
                    KeepAliveSeconds = mqtt.KeepAliveSeconds,
                    Tls = broker.Tls || mqtt.Tls is not null
                        ? new MqttTlsOptions { CaFile = mqtt.Tls?.CaFile, CertificateFile = mqtt.Tls?.CertificateFile, KeyFile = mqtt.Tls?.KeyFile }
                        : null,
                },
                Outbox = new OutboxOptions { Directory = mqtt.OutboxDirectory, MaxBytes = mqtt.OutboxMaxBytes },
                Description = Description(),
                TelemetryInterval = mqtt.TelemetrySeconds > 0 ? TimeSpan.FromSeconds(mqtt.TelemetrySeconds) : null,
                PipelineMetrics = PipelineTelemetry,
            });
            link.Commands.Register(new SetCommand([
                RuntimeSetting.WholeNumber("jpeg_quality", "JPEG quality of published frames", 10, 100, () => Context.Controls.JpegQuality, v => Context.Controls.JpegQuality = v),
            ]));
            link.Problem += (_, problem) => PipelineLog.LinkProblem(Logger, problem);
            link.ConnectionFailed += (_, e) =>
            {
                PipelineLog.LinkProblem(Logger, e.Exception.Message);
                if (e.Exception.ErrorCode is MosquittoErrorCode.Tls or MosquittoErrorCode.TlsHandshake)
                {
                    // libmosquitto does not retry after a TLS failure: stop, and let systemd restart
                    // the daemon rather than run on without a link (the outbox keeps the frames).
                    Context.Failures.Report(Name, e.Exception);
                    _lifetime.StopApplication();
                }
            };
            link.Start();
            _link = link;
            PipelineLog.LinkStarted(Logger, DeviceId, broker, mqtt.OutboxDirectory);
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override async Task RunAsync(CancellationToken stopping)
    {
        var input = Context.Outbox.Reader;
        while (await input.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (input.TryRead(out var frame))
            {
                try
                {
                    if (!Abandoned && _link is not null)
                    {
                        Progress.Enter();
                        Publish(_link, frame);
                        Progress.Leave();
                    }
                }
                finally
                {
                    frame.Release();
                }
            }
        }
    }

    private protected override void CompleteOutputs()
    {
    }

    private protected override void AbandonInput() => Context.Outbox.Writer.TryComplete();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // Every queued frame is in the outbox now (or was abandoned at the timeout): say offline,
        // stop the network thread; unacknowledged entries stay on disk for the next start.
        _link?.Dispose();
        _link = null;
    }

    public override void Dispose()
    {
        _link?.Dispose();
        _link = null;
        base.Dispose();
    }

    private void Publish(DeviceLink link, DeblurredFrame frame)
    {
        var start = SystemMonotonicClock.Instance.NowNs;
        var result = frame.Result;
        var model = result.Model == ModelKind.Gyro ? Context.GyroModel! : Context.BlindModel!;
        // The metadata record and its latency table are what the link's API takes; they are the
        // one per-frame allocation the pipeline makes, beside the outbox entry itself.
        _latencies.Clear();
        _latencies["motion"] = Math.Round(frame.MotionMs, 3);
        _latencies["infer"] = Math.Round(frame.InferenceMs, 3);
        _latencies["encode"] = Math.Round(frame.EncodeMs, 3);
        var metadata = new FrameMetadata
        {
            DeviceId = DeviceId,
            FrameId = frame.Sequence,
            ExposureStartNs = frame.Exposure.StartNs,
            ExposureEndNs = frame.Exposure.EndNs,
            WallClock = DateTimeOffset.UtcNow,
            ModelName = model.Name,
            ModelVersion = model.Manifest.Version,
            Provider = result.Provider,
            Kind = result.Model == ModelKind.Gyro ? FrameKind.Gyro : FrameKind.Blind,
            GyroQuality = frame.Quality switch
            {
                GyroQuality.Good => "good",
                GyroQuality.Degraded => "degraded",
                _ => "none",
            },
            StageLatenciesMs = _latencies,
            Width = frame.Width,
            Height = frame.Height,
            JpegQuality = frame.JpegQuality,
            IsSnapshot = frame.IsSnapshot,
        };
        link.PublishFrame(metadata, frame.JpegBytes);
        var now = SystemMonotonicClock.Instance.NowNs;
        var ms = (now - start) / 1e6;
        Context.Metrics.FramesOut.Increment();
        Context.Marks.Out(frame.Sequence);
        Context.Metrics.StageLatency(PipelineStage.Publish).Observe(ms / 1e3);
        Context.Latencies.Add(LatencyMeasure.Publish, ms);
        Context.Latencies.Add(LatencyMeasure.EndToEnd, (now - frame.CapturedNs) / 1e6);
    }

    private DeviceDescription Description()
    {
        var models = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Context.GyroModel is { } gyro)
            models["gyro"] = $"{gyro.Name} {gyro.Manifest.Version}";
        if (Context.BlindModel is { } blind)
            models["blind"] = $"{blind.Name} {blind.Manifest.Version}";
        var calibration = new JsonObject
        {
            ["time_offset_ms"] = Context.Calibration.TimeOffsetNs / 1e6,
            ["fx"] = Context.Intrinsics.Fx,
            ["fy"] = Context.Intrinsics.Fy,
        };
        return new DeviceDescription(SoftwareVersion, models, calibration);
    }

    private JsonObject PipelineTelemetry()
    {
        var metrics = Context.Metrics;
        return new JsonObject
        {
            ["frames_in"] = metrics.FramesIn.Value,
            ["frames_out"] = metrics.FramesOut.Value,
            ["dropped"] = metrics.FramesDropped.Value,
            ["gyro_frames"] = Context.GyroFrames.Value,
            ["blind_frames"] = Context.BlindFrames.Value,
            ["imu_samples"] = Context.ImuSamples.Value,
            ["imu_samples_lost"] = metrics.ImuSamplesLost.Value,
            ["health"] = Context.Health.Snapshot().Summary,
            ["latency_ms_median"] = Round(Context.Latencies.Quantile(LatencyMeasure.EndToEnd, 0.5)),
        };
    }

    private static double? Round(double value) => double.IsFinite(value) ? Math.Round(value, 3) : null;
}
