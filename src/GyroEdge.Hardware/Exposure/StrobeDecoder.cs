using GyroEdge.Domain.Camera;
using GyroEdge.Hardware.Gpio;

namespace GyroEdge.Hardware.Exposure;

/// <summary>
/// Turns strobe edges into exposure windows, one edge at a time. Lost edges (gaps in the
/// kernel's sequence numbers: its event buffer overflowed) never pair the start of one
/// exposure with the end of another: a pending start is dropped and counted instead. A window's
/// <see cref="ExposureWindow.FrameId"/> is the strobe index, (line_seqno − 1) / edges per
/// exposure, which keeps counting across lost edges; the matcher later replaces it with the
/// camera's frame sequence. Allocates nothing.
/// </summary>
public sealed class StrobeDecoder
{
    private readonly StrobeMode _mode;
    private readonly GpioEdge _startEdge;
    private readonly long _exposureNs;
    private readonly long _readoutNs;
    private readonly long _offsetNs;
    private readonly uint? _line;
    private readonly long _maxExposureNs;
    private readonly int _edgesPerExposure;

    private uint _nextLineSeqno = 1;
    private bool _pending;
    private long _pendingStartNs;
    private long _pendingIndex;
    private long _previousEdgeNs = long.MinValue;

    public StrobeDecoder(ExposureStrobeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _mode = options.Mode;
        _startEdge = options.StartEdge;
        _exposureNs = options.ExposureTimeNs ?? 0;
        _readoutNs = options.ReadoutNs;
        _offsetNs = options.TimestampOffsetNs;
        _line = options.LineOffset;
        _maxExposureNs = options.MaxExposureNs;
        _edgesPerExposure = options.EdgesPerExposure;
    }

    /// <summary>Windows produced.</summary>
    public long Windows { get; private set; }

    /// <summary>Edges the kernel dropped on the strobe line (gaps in line_seqno).</summary>
    public long LostEdges { get; private set; }

    /// <summary>Exposures seen only in part (a start without its end, an end without its start): no window came out of them.</summary>
    public long IncompleteExposures { get; private set; }

    /// <summary>Edges whose time ran backwards from the previous edge (a clock problem): ignored.</summary>
    public long OutOfOrderEdges { get; private set; }

    /// <summary>Takes one edge; returns true with the window it completes.</summary>
    public bool TryAdd(in GpioLineEvent edge, out ExposureWindow window)
    {
        window = default;
        if (_line is { } line && edge.Offset != line)
            return false;

        var lost = unchecked(edge.LineSeqno - _nextLineSeqno);
        // A backwards step (request re-opened, seqno restarted) is not a loss; see GpioEventLossCounter.
        var lostSomething = lost is > 0 and < 0x8000_0000;
        if (lostSomething)
            LostEdges += lost;
        _nextLineSeqno = unchecked(edge.LineSeqno + 1);

        var t = edge.TimestampNs + _offsetNs;
        if (t < _previousEdgeNs)
        {
            OutOfOrderEdges++;
            return false;
        }
        _previousEdgeNs = t;
        var index = (long)((edge.LineSeqno - 1) / (uint)_edgesPerExposure);
        var isStart = edge.Edge == _startEdge;

        switch (_mode)
        {
            case StrobeMode.StartEdgePlusExposureTime:
                if (!isStart)
                    return false;
                window = Emit(index, t, t + _exposureNs);
                return true;

            case StrobeMode.EndEdgeMinusExposureTime:
                if (isStart)
                    return false;
                window = Emit(index, t - _exposureNs, t);
                return true;

            default:
                if (lostSomething && _pending)
                {
                    // The lost edges may include this exposure's end and the next one's start.
                    _pending = false;
                    IncompleteExposures++;
                }
                if (isStart)
                {
                    if (_pending)
                        IncompleteExposures++;
                    _pending = true;
                    _pendingStartNs = t;
                    _pendingIndex = index;
                    return false;
                }
                if (!_pending)
                {
                    IncompleteExposures++;
                    return false;
                }
                _pending = false;
                if (t - _pendingStartNs > _maxExposureNs)
                {
                    IncompleteExposures++;
                    return false;
                }
                window = Emit(_pendingIndex, _pendingStartNs, t);
                return true;
        }
    }

    private ExposureWindow Emit(long index, long startNs, long endNs)
    {
        Windows++;
        return new ExposureWindow(index, startNs, endNs, _readoutNs);
    }
}
