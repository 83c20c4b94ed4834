using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Motion;
using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Exposure;
using GyroEdge.Host.Health.Metrics;
using Microsoft.Extensions.Logging;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// Gives each frame its exposure window (the strobe's, paired by timestamp; or the source's) and
/// builds its motion once the gyro stream covers the exposure: M rotations relative to
/// mid-exposure for the gyro model, and a quality. A frame waits for the gyro at most
/// Pipeline:GyroWait past its exposure end, and not at all while the IMU is unavailable; then it
/// goes on with quality none, so the engine runs the blind twin. In record mode the frame is also
/// handed to the recorder.
/// </summary>
public sealed class MotionStage : Stage
{
    private readonly GyroStage _gyro;
    private readonly FrameMotionBuilder _builder;
    private readonly long _gyroWaitNs;
    private ExposureMatcher? _matcher;

    public MotionStage(PipelineContext context, GyroStage gyro, ILogger<MotionStage> logger)
        : base("motion", context, logger)
    {
        _gyro = gyro;
        _builder = new FrameMotionBuilder(context.Gyro, new FrameMotionOptions
        {
            RotationCount = context.RotationCount,
            Intrinsics = context.Intrinsics,
        });
        _gyroWaitNs = MonotonicTime.FromTimeSpan(context.Settings.Pipeline.GyroWait);
    }

    /// <summary>The strobe-to-frame matcher and its counts; null until the first frame (or without a strobe).</summary>
    public ExposureMatcher? Matcher => _matcher;

    private protected override async Task RunAsync(CancellationToken stopping)
    {
        var frames = Context.Frames.Reader;
        // No token: the channel completes when the frame stage stops, and a read without a token
        // reuses the channel's one waiter instead of allocating per frame.
        while (await frames.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (frames.TryRead(out var ticket))
            {
                if (Abandoned)
                {
                    ticket.Release();
                    continue;
                }
                Progress.Enter();
                try
                {
                    Process(ticket);
                }
                catch
                {
                    ticket.Release();
                    throw;
                }
                Progress.Leave();
            }
        }
    }

    private protected override void CompleteOutputs()
    {
        Context.Inference.Writer.TryComplete();
        Context.RecorderFrames.Writer.TryComplete();
    }

    private protected override void AbandonInput() => Context.Frames.Writer.TryComplete();

    private void Process(FrameTicket ticket)
    {
        var exposure = Context.Settings.Strobe.Enabled ? AwaitStrobeWindow(ticket) : ticket.SourceExposure;
        if (exposure is { } window)
        {
            ticket.Exposure = window.WithFrameId(ticket.Sequence);
            ticket.HasExposure = true;
            AwaitGyro(window);
            ticket.Motion = _builder.Build(ticket.Exposure, ticket.Rotations);
        }
        else
        {
            // No window: nothing says when the frame was exposed, so it has no motion (blind model).
            ticket.Exposure = new ExposureWindow(ticket.Sequence, ticket.TimestampNs, ticket.TimestampNs);
        }
        var now = SystemMonotonicClock.Instance.NowNs;
        ticket.MotionDoneNs = now;
        var ms = (now - ticket.CapturedNs) / 1e6;
        Context.Metrics.StageLatency(PipelineStage.Motion).Observe(ms / 1e3);
        Context.Latencies.Add(LatencyMeasure.Motion, ms);

        if (Context.Records)
        {
            ticket.AddReference();
            Context.RecorderFrames.Writer.TryWrite(ticket);
        }
        if (Context.Deblurs)
            Context.Inference.Writer.TryWrite(ticket);
        else
            ticket.Release();
    }

    /// <summary>The strobe window paired with this frame, waiting a little for it; null when none pairs.</summary>
    private ExposureWindow? AwaitStrobeWindow(FrameTicket ticket)
    {
        _matcher ??= new ExposureMatcher(new ExposureMatcherOptions
        {
            Mode = ExposureMatchMode.Timestamp,
            TimestampSource = ticket.TimestampSource,
            ToleranceNs = Context.Settings.Strobe.MatchToleranceNs,
            EndOfFrameLatencyNs = Context.Settings.Strobe.EndOfFrameLatencyNs,
        });
        var windows = Context.Windows.Reader;
        _matcher.AddFrame(ticket.Sequence, ticket.TimestampNs);
        var deadline = SystemMonotonicClock.Instance.NowNs + _gyroWaitNs;
        while (true)
        {
            while (windows.TryRead(out var window))
                _matcher.AddWindow(window);
            while (_matcher.TryTakeMatch(out var match))
            {
                if (match.FrameSequence == ticket.Sequence)
                    return match.Exposure;
            }
            var left = deadline - SystemMonotonicClock.Instance.NowNs;
            if (left <= 0 || windows.Completion.IsCompleted)
                return null;
            Context.MotionWake.Wait(MonotonicTime.ToTimeSpan(Math.Min(left, 20 * MonotonicTime.NanosecondsPerMillisecond)));
        }
    }

    /// <summary>Waits until the gyro stream covers the window (as the builder will read it), the wait runs out, or the IMU is known gone.</summary>
    private void AwaitGyro(ExposureWindow window)
    {
        var needed = window.EndNs + (window.ReadoutNs / 2);
        var deadline = needed + _gyroWaitNs;
        while (true)
        {
            if (Context.Gyro.NewestTimestampNs >= needed || _gyro.IsUnavailable)
                return;
            var left = deadline - SystemMonotonicClock.Instance.NowNs;
            if (left <= 0)
                return;
            Context.MotionWake.Wait(MonotonicTime.ToTimeSpan(Math.Min(left, 20 * MonotonicTime.NanosecondsPerMillisecond)));
        }
    }
}
