using System.Diagnostics.CodeAnalysis;
using GyroEdge.Domain.Camera;
using GyroEdge.Hardware.Frames;
using GyroEdge.Host.Pipeline;

namespace GyroEdge.Host.Simulation;

/// <summary>
/// A recording as a live camera: its frames (decoded by RecordingFrameSource) presented on the
/// live clock as <see cref="ReplaySchedule"/> says, each delivered once its presented exposure and
/// readout are over, looping at the end. The pipeline takes the presented time and a running
/// sequence from <see cref="LastPresentation"/> instead of the recorded ones.
/// </summary>
public sealed class ReplayFrameSource : IFrameSource, IRetimedFrameSource
{
    private readonly string _folder;
    private readonly ReplaySchedule _schedule;
    private readonly int _poolFrames;
    private RecordingFrameSource _recording;
    private long _next;
    private long _dropped;
    private readonly CameraIntrinsics?[] _intrinsics;

    public ReplayFrameSource(string folder, ReplaySchedule schedule, int poolFrames)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _folder = folder;
        _schedule = schedule;
        _poolFrames = poolFrames;
        _recording = RecordingFrameSource.Open(folder, new RecordingReplayOptions { PoolFrames = poolFrames });
        var format = _recording.Format;
        _intrinsics = [.. _recording.Frames.Select(f => f.Intrinsics?.ForImage(format.Width, format.Height))];
        _schedule.Start(ReplaySchedule.Now);
    }

    public string Name => $"replay of {_folder} at {1e9 / _schedule.PeriodNs:0.##} fps";

    public FrameFormat Format => _recording.Format;

    public FrameTimestampSource TimestampSource => FrameTimestampSource.StartOfExposure;

    public long DroppedFrames => Volatile.Read(ref _dropped);

    /// <summary>Never: the recording loops.</summary>
    public bool IsFinished => false;

    public (long Sequence, ExposureWindow Exposure) LastPresentation { get; private set; }

    public CameraIntrinsics? LastIntrinsics { get; private set; }

    public bool TryReadFrame(TimeSpan timeout, [NotNullWhen(true)] out FrameBuffer? frame)
    {
        frame = null;
        var window = _schedule.Window(_next);
        var due = window.EndNs + window.ReadoutNs;
        var wait = due - ReplaySchedule.Now;
        if (wait > 0)
        {
            if (timeout <= TimeSpan.Zero)
                return false;
            Thread.Sleep(TimeSpan.FromTicks(Math.Min(timeout.Ticks, (wait / 100) + 1)));
            if (ReplaySchedule.Now < due)
                return false;
        }
        if (_recording.IsFinished)
        {
            // Frames still in the pipeline keep the old source's buffers until they are released.
            _recording.Dispose();
            _recording = RecordingFrameSource.Open(_folder, new RecordingReplayOptions { PoolFrames = _poolFrames });
        }
        var g = _next++;
        if (!_recording.TryReadFrame(TimeSpan.Zero, out frame))
        {
            // Every buffer is out: the camera drops this frame, as a real one would.
            Interlocked.Increment(ref _dropped);
            return false;
        }
        LastPresentation = (g, window);
        LastIntrinsics = _intrinsics[_schedule.RecordedIndex(g)];
        return true;
    }

    public void Dispose() => _recording.Dispose();
}
