using GyroEdge.Domain.Gyro;
using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Frames;
using GyroEdge.Host.Configuration;
using GyroEdge.Host.Health;
using GyroEdge.Host.Health.Metrics;
using GyroEdge.Host.Systemd;
using GyroEdge.Imaging.Pixels;
using GyroEdge.Inference.Engine;
using GyroEdge.Inference.Models;
using Microsoft.Extensions.Logging;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// Runs the deblur engine on each frame: the gyro model when the frame's gyro is good or degraded,
/// its blind twin when there is none (the engine's rule). The engine is created (sessions opened,
/// TensorRT engines built or loaded, warmed up) in StartAsync, reporting each step to systemd's
/// STATUS=. Frames wait for it in a short queue that drops the oldest when it falls behind.
/// </summary>
public sealed class InferenceStage : Stage
{
    private DeblurEngine? _engine;
    private DeblurredFramePool? _outputs;
    private PixelFormat _inputFormat;

    public InferenceStage(PipelineContext context, ILogger<InferenceStage> logger)
        : base("inference", context, logger)
    {
    }

    public DeblurEngine? Engine => _engine;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Context.Deblurs)
        {
            var format = Context.CameraFormat;
            _inputFormat = ToPixelFormat(format.PixelFormat);
            var settings = Context.Settings.Models;
            var providers = settings.Providers is { Count: > 0 } list ? list : SettingValues.Providers;
            var options = new EngineOptions
            {
                FrameWidth = format.Width,
                FrameHeight = format.Height,
                Fit = SettingValues.ParseFit(settings.Fit) ?? FrameFit.Pad,
                IntraOpThreads = settings.IntraOpThreads,
            };
            options.TensorRt.Enabled = providers.Contains("TensorRT", StringComparer.OrdinalIgnoreCase);
            options.TensorRt.CacheDirectory = settings.TensorRtCache;
            options.Cuda.Enabled = providers.Contains("CUDA", StringComparer.OrdinalIgnoreCase);
            var status = new SystemdEngineStatus(Context.Notifier, Console.Out, "engine");
            _engine = DeblurEngine.Create(options, Context.GyroModel!, Context.BlindModel!, status);
            _outputs = new DeblurredFramePool(8, format.Width, format.Height);
            var gyro = Context.GyroModel!.Manifest;
            Context.Metrics.SetModel(_engine.Provider, gyro.Name, gyro.Version);
            Context.Health.Report("engine", _engine.ProviderFallbacks.Count == 0 ? HealthLevel.Healthy : HealthLevel.Degraded,
                _engine.ProviderFallbacks.Count == 0 ? null
                    : $"running on {_engine.Provider}: {string.Join(", ", _engine.ProviderFallbacks)}. Install the provider's libraries or drop it from Models:Providers.");
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override async Task RunAsync(CancellationToken stopping)
    {
        var input = Context.Inference.Reader;
        while (await input.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (input.TryRead(out var ticket))
            {
                if (Abandoned)
                {
                    ticket.Release();
                    continue;
                }
                Progress.Enter();
                Context.Marks.Picked(ticket.Sequence);
                try
                {
                    Deblur(ticket, stopping);
                }
                finally
                {
                    ticket.Release();
                }
                Progress.Leave();
            }
        }
    }

    private protected override void CompleteOutputs() => Context.Encode.Writer.TryComplete();

    private protected override void AbandonInput() => Context.Inference.Writer.TryComplete();

    public override void Dispose()
    {
        _engine?.Dispose();
        _engine = null;
        base.Dispose();
    }

    private void Deblur(FrameTicket ticket, CancellationToken stopping)
    {
        var delay = Context.Controls.InferenceDelay;
        if (delay != TimeSpan.Zero)
        {
            // Simulation only: a slower accelerator (or, infinite, a wedged one). Wakes on a hard stop.
            stopping.WaitHandle.WaitOne(delay);
            if (stopping.IsCancellationRequested)
                return;
        }
        if (_engine is null || !_outputs!.TryRent(out var output))
        {
            Context.Metrics.FramesDropped.Increment();
            return;
        }
        var start = SystemMonotonicClock.Instance.NowNs;
        var format = ticket.Buffer.Format;
        var quality = ticket.Quality;
        var result = _engine.Process(
            new FrameView(ticket.Buffer.Data, format.Width, format.Height, _inputFormat, format.Stride),
            quality == GyroQuality.None ? null : ticket.MotionInput,
            quality,
            output.Rgb,
            PixelFormat.Rgb24);
        var ms = (SystemMonotonicClock.Instance.NowNs - start) / 1e6;
        (result.Model == ModelKind.Gyro ? Context.GyroFrames : Context.BlindFrames).Increment();
        Context.Metrics.StageLatency(PipelineStage.Inference).Observe(ms / 1e3);
        Context.Latencies.Add(LatencyMeasure.Inference, ms);

        output.Sequence = ticket.Sequence;
        output.Exposure = ticket.Exposure;
        output.Quality = quality;
        output.Result = result;
        output.CapturedNs = ticket.CapturedNs;
        output.MotionMs = (ticket.MotionDoneNs - ticket.CapturedNs) / 1e6;
        output.InferenceMs = ms;
        Context.Encode.Writer.TryWrite(output);
    }

    private static PixelFormat ToPixelFormat(FramePixelFormat format) => format switch
    {
        FramePixelFormat.Rgb24 => PixelFormat.Rgb24,
        FramePixelFormat.Bgr24 => PixelFormat.Bgr24,
        FramePixelFormat.Yuyv => PixelFormat.Yuyv,
        FramePixelFormat.Nv12 => PixelFormat.Nv12,
        FramePixelFormat.Grey => PixelFormat.Grey,
        _ => throw new SettingsException($"Camera:PixelFormat {format} cannot be deblurred; use yuyv, nv12, rgb24, bgr24 or grey."),
    };
}
