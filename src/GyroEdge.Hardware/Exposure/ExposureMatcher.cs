using GyroEdge.Domain.Camera;

namespace GyroEdge.Hardware.Exposure;

/// <summary>
/// Pairs strobe windows with camera frames. Both arrive in time order but from different
/// threads and with different delays, and either side can lose some (the GPIO event buffer
/// overflows, the camera drops a frame): so both wait in small queues, and the two oldest are
/// compared. By timestamp, a pair within the tolerance matches; otherwise the older of the two
/// can have no partner any more (the other side has moved past it) and is given up, counted.
/// A side waits alone only until the other side shows a later item.
/// Not thread-safe: one pipeline stage adds both sides and takes the matches. Allocates nothing.
/// </summary>
public sealed class ExposureMatcher
{
    private readonly ExposureMatchMode _mode;
    private readonly bool _startOfExposure;
    private readonly long _latencyNs;
    private readonly long _toleranceNs;
    private readonly BoundedRing<ExposureWindow> _windows;
    private readonly BoundedRing<(long Sequence, long TimestampNs)> _frames;
    private readonly BoundedRing<ExposureMatch> _matches;

    private long? _newestWindowNs;
    private long? _newestFrameNs;
    private long? _previousFrameSequence;
    private long? _previousStrobeIndex;

    public ExposureMatcher(ExposureMatcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _mode = options.Mode;
        _startOfExposure = options.TimestampSource == Frames.FrameTimestampSource.StartOfExposure;
        _latencyNs = options.EndOfFrameLatencyNs;
        _toleranceNs = options.ToleranceNs;
        _windows = new BoundedRing<ExposureWindow>(options.Capacity);
        _frames = new BoundedRing<(long, long)>(options.Capacity);
        _matches = new BoundedRing<ExposureMatch>(options.Capacity);
    }

    public long Matched { get; private set; }

    /// <summary>Windows given up without a frame (the camera dropped it, or its timestamp was off by more than the tolerance).</summary>
    public long UnmatchedWindows { get; private set; }

    /// <summary>Frames given up without a window (the strobe edge was lost).</summary>
    public long UnmatchedFrames { get; private set; }

    /// <summary>Frames the camera driver dropped, from jumps in its sequence counter.</summary>
    public long FrameSequenceGaps { get; private set; }

    /// <summary>Exposures the strobe lost, from jumps in the strobe index.</summary>
    public long StrobeSequenceGaps { get; private set; }

    /// <summary>Matches not taken before the queue filled (the consumer is not calling <see cref="TryTakeMatch"/>).</summary>
    public long DroppedMatches { get; private set; }

    /// <summary>Adds a strobe window; its FrameId is the strobe index.</summary>
    public void AddWindow(in ExposureWindow window)
    {
        if (_previousStrobeIndex is { } previous && window.FrameId > previous + 1)
            StrobeSequenceGaps += window.FrameId - previous - 1;
        _previousStrobeIndex = window.FrameId;
        if (_windows.IsFull)
        {
            _windows.Dequeue();
            UnmatchedWindows++;
        }
        _windows.Enqueue(window);
        _newestWindowNs = ExpectedFrameTimestamp(window);
        Pair();
    }

    /// <summary>Adds a frame by its sequence and buffer timestamp.</summary>
    public void AddFrame(long sequence, long timestampNs)
    {
        if (_previousFrameSequence is { } previous && sequence > previous + 1)
            FrameSequenceGaps += sequence - previous - 1;
        _previousFrameSequence = sequence;
        if (_frames.IsFull)
        {
            _frames.Dequeue();
            UnmatchedFrames++;
        }
        _frames.Enqueue((sequence, timestampNs));
        _newestFrameNs = timestampNs;
        Pair();
    }

    /// <summary>Takes the oldest match not yet taken.</summary>
    public bool TryTakeMatch(out ExposureMatch match)
    {
        if (_matches.Count == 0)
        {
            match = default;
            return false;
        }
        match = _matches.Dequeue();
        return true;
    }

    /// <summary>Where a frame of this window should be stamped, by the timestamp source.</summary>
    public long ExpectedFrameTimestamp(in ExposureWindow window) =>
        _startOfExposure ? window.StartNs : window.EndNs + window.ReadoutNs + _latencyNs;

    private void Pair()
    {
        while (true)
        {
            if (_windows.Count > 0 && _frames.Count > 0)
            {
                var expected = ExpectedFrameTimestamp(_windows.Peek());
                var frame = _frames.Peek();
                if (_mode == ExposureMatchMode.Order || Math.Abs(expected - frame.TimestampNs) <= _toleranceNs)
                {
                    Emit(_windows.Dequeue(), _frames.Dequeue());
                }
                else if (expected < frame.TimestampNs)
                {
                    _windows.Dequeue();
                    UnmatchedWindows++;
                }
                else
                {
                    _frames.Dequeue();
                    UnmatchedFrames++;
                }
            }
            else if (_mode == ExposureMatchMode.Timestamp && _windows.Count > 0 && _newestFrameNs is { } frameNs
                && ExpectedFrameTimestamp(_windows.Peek()) < frameNs - _toleranceNs)
            {
                // A frame later than this window's has come and gone: this one's frame was dropped.
                _windows.Dequeue();
                UnmatchedWindows++;
            }
            else if (_mode == ExposureMatchMode.Timestamp && _frames.Count > 0 && _newestWindowNs is { } windowNs
                && _frames.Peek().TimestampNs < windowNs - _toleranceNs)
            {
                _frames.Dequeue();
                UnmatchedFrames++;
            }
            else
            {
                return;
            }
        }
    }

    private void Emit(in ExposureWindow window, (long Sequence, long TimestampNs) frame)
    {
        if (_matches.IsFull)
        {
            _matches.Dequeue();
            DroppedMatches++;
        }
        _matches.Enqueue(new ExposureMatch(window.WithFrameId(frame.Sequence), frame.Sequence, frame.TimestampNs, window.FrameId));
        Matched++;
    }
}
