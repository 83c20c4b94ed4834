using GyroEdge.Domain.Time;
using GyroEdge.Host.Health.Metrics;
using GyroEdge.Imaging.TurboJpeg;
using Microsoft.Extensions.Logging;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// JPEG-encodes deblurred frames (libturbojpeg) at the configured quality, or at 100 for the one
/// frame a fleet <c>snapshot</c> command asked for. The encoder's output buffer is reserved for the
/// frame size at start, so no frame allocates.
/// </summary>
public sealed class EncodeStage : Stage
{
    private readonly OutboxStage _outbox;
    private JpegEncoder? _encoder;

    public EncodeStage(PipelineContext context, OutboxStage outbox, ILogger<EncodeStage> logger)
        : base("encode", context, logger)
    {
        _outbox = outbox;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Context.Deblurs)
        {
            _encoder = new JpegEncoder(Context.Controls.JpegQuality);
            _encoder.Reserve(Context.CameraFormat.Width, Context.CameraFormat.Height);
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override async Task RunAsync(CancellationToken stopping)
    {
        var input = Context.Encode.Reader;
        while (await input.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (input.TryRead(out var frame))
            {
                if (Abandoned)
                {
                    frame.Release();
                    continue;
                }
                Progress.Enter();
                try
                {
                    Encode(frame);
                }
                catch
                {
                    frame.Release();
                    throw;
                }
                Progress.Leave();
            }
        }
    }

    private protected override void CompleteOutputs() => Context.Outbox.Writer.TryComplete();

    private protected override void AbandonInput() => Context.Encode.Writer.TryComplete();

    public override void Dispose()
    {
        _encoder?.Dispose();
        _encoder = null;
        base.Dispose();
    }

    private void Encode(DeblurredFrame frame)
    {
        var start = SystemMonotonicClock.Instance.NowNs;
        var snapshot = _outbox.Link?.Snapshot.TryTake() ?? false;
        var quality = snapshot ? 100 : Context.Controls.JpegQuality;
        _encoder!.Quality = quality;
        frame.SetJpeg(_encoder.EncodeRgb(frame.Rgb, frame.Width, frame.Height).Span);
        frame.JpegQuality = quality;
        frame.IsSnapshot = snapshot;
        var ms = (SystemMonotonicClock.Instance.NowNs - start) / 1e6;
        frame.EncodeMs = ms;
        Context.Metrics.StageLatency(PipelineStage.Encode).Observe(ms / 1e3);
        Context.Latencies.Add(LatencyMeasure.Encode, ms);
        Context.Outbox.Writer.TryWrite(frame);
    }
}
