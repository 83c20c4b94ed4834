using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Frames;
using GyroEdge.Host.Configuration;
using Microsoft.Extensions.Logging;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// Takes frames from the camera on its own thread and hands them, in pooled buffers, to the
/// motion stage. Never waits on the stages after it: when the motion queue is full the oldest
/// waiting frame is dropped and counted, and when every buffer is out the source drops the new
/// frame and counts it.
/// </summary>
public sealed class FrameStage : Stage
{
    private readonly IPipelineDevices _devices;
    private IFrameSource? _source;
    private long _lastFrameNs;
    private long _sourceDroppedSeen;

    public FrameStage(PipelineContext context, IPipelineDevices devices, ILogger<FrameStage> logger)
        : base("frames", context, logger)
    {
        _devices = devices;
    }

    public IFrameSource? Source => _source;

    /// <summary>When the last frame arrived (host CLOCK_MONOTONIC ns), 0 before the first.</summary>
    public long LastFrameNs => Interlocked.Read(ref _lastFrameNs);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var source = _devices.OpenCamera(Context.Settings.Pipeline.FramePool);
        var expected = Context.CameraFormat;
        if (source.Format.Width != expected.Width || source.Format.Height != expected.Height || source.Format.PixelFormat != expected.PixelFormat)
        {
            source.Dispose();
            throw new SettingsException(
                $"Camera:Width, Camera:Height and Camera:PixelFormat say {expected.Width}x{expected.Height} {expected.PixelFormat}, but {source.Name} delivers "
                + $"{source.Format.Width}x{source.Format.Height} {source.Format.PixelFormat}. Set them to a format the camera offers (`v4l2-ctl --list-formats-ext`).");
        }
        _source = source;
        PipelineLog.CameraOpened(Logger, source.Name);
        Context.Health.Report("camera", Health.HealthLevel.Healthy);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override bool DrainsOnStop => false;

    private protected override Task RunAsync(CancellationToken stopping) => RunOnThread("camera", () => Read(stopping));

    private protected override void CompleteOutputs() => Context.Frames.Writer.TryComplete();

    public override void Dispose()
    {
        _source?.Dispose();
        _source = null;
        base.Dispose();
    }

    private void Read(CancellationToken stopping)
    {
        var source = _source!;
        var retimed = source as IRetimedFrameSource;
        var writer = Context.Frames.Writer;
        var metrics = Context.Metrics;
        var wait = TimeSpan.FromMilliseconds(100);
        while (!stopping.IsCancellationRequested && !source.IsFinished)
        {
            Progress.Enter();
            if (source.TryReadFrame(wait, out var frame))
            {
                var now = SystemMonotonicClock.Instance.NowNs;
                Interlocked.Exchange(ref _lastFrameNs, now);
                metrics.FramesIn.Increment();
                if (!Context.Tickets.TryRent(out var ticket))
                {
                    // Unreachable while the pool has one ticket per camera buffer; kept as a guard.
                    frame.Dispose();
                    metrics.FramesDropped.Increment();
                }
                else
                {
                    if (retimed is not null)
                    {
                        var (sequence, exposure) = retimed.LastPresentation;
                        ticket.Fill(frame, sequence, exposure.StartNs, FrameTimestampSource.StartOfExposure, exposure, now, retimed.LastIntrinsics);
                    }
                    else
                    {
                        ticket.Fill(frame, frame.Sequence, frame.TimestampNs, frame.TimestampSource, frame.Exposure, now);
                    }
                    Context.Marks.In(ticket.Sequence);
                    writer.TryWrite(ticket);
                }
            }
            var dropped = source.DroppedFrames;
            if (dropped > _sourceDroppedSeen)
            {
                // Frames the camera side lost (no free buffer, or the driver's sequence gaps) count
                // as received and dropped, so that in = out + dropped + in flight.
                metrics.FramesIn.Increment(dropped - _sourceDroppedSeen);
                metrics.FramesDropped.Increment(dropped - _sourceDroppedSeen);
                _sourceDroppedSeen = dropped;
            }
            Progress.Leave();
        }
    }
}
