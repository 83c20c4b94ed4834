namespace GyroEdge.Hardware.Gpio;

/// <summary>
/// Counts events the kernel dropped, from the sequence numbers of the ones it delivered. The
/// kernel numbers every event of a request (seqno) and of each line (line_seqno) from 1, and
/// when its buffer is full it drops the oldest event (gpiolib-cdev.c), so every loss shows up as
/// a gap. Sequence numbers are u32 and wrap; a backwards step is taken as a restart, not a loss.
/// Allocates nothing per event.
/// </summary>
public sealed class GpioEventLossCounter
{
    private const uint MaxForwardGap = 0x8000_0000;

    private readonly uint[] _offsets;
    private readonly uint[] _nextLineSeqno;
    private readonly long[] _lostPerLine;
    private uint _nextSeqno = 1;

    /// <param name="offsets">The request's lines, for per-line counts.</param>
    public GpioEventLossCounter(ReadOnlySpan<uint> offsets)
    {
        _offsets = offsets.ToArray();
        _nextLineSeqno = new uint[_offsets.Length];
        _nextLineSeqno.AsSpan().Fill(1);
        _lostPerLine = new long[_offsets.Length];
    }

    /// <summary>Events lost across the whole request.</summary>
    public long Lost { get; private set; }

    /// <summary>Events lost on line <paramref name="offset"/>; 0 for a line not in the request.</summary>
    public long LostOn(uint offset)
    {
        var index = Array.IndexOf(_offsets, offset);
        return index < 0 ? 0 : _lostPerLine[index];
    }

    public void Observe(in GpioLineEvent lineEvent)
    {
        Lost += Advance(ref _nextSeqno, lineEvent.Seqno);
        var index = Array.IndexOf(_offsets, lineEvent.Offset);
        if (index >= 0)
            _lostPerLine[index] += Advance(ref _nextLineSeqno[index], lineEvent.LineSeqno);
    }

    private static uint Advance(ref uint expected, uint actual)
    {
        var gap = unchecked(actual - expected);
        expected = unchecked(actual + 1);
        return gap < MaxForwardGap ? gap : 0;
    }
}
