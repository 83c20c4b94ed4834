using System.Diagnostics.CodeAnalysis;

namespace GyroEdge.Hardware.Frames;

/// <summary>
/// A fixed set of frame buffers allocated up front (pinned, so native encoders can read them in
/// place). A source rents one per frame; when none is free the source drops the frame and
/// counts it rather than wait, because the sensor side never blocks (DESIGN.md). Renting and
/// returning are thread-safe: frames are consumed on other threads than they are captured.
/// </summary>
public sealed class FramePool
{
    private readonly Lock _lock = new();
    private readonly FrameBuffer[] _free;
    private int _freeCount;

    public FramePool(int frames, int bytesPerFrame)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerFrame, 1);
        _free = new FrameBuffer[frames];
        for (var i = 0; i < frames; i++)
            _free[i] = new FrameBuffer(this, bytesPerFrame);
        _freeCount = frames;
        Frames = frames;
        BytesPerFrame = bytesPerFrame;
    }

    public int Frames { get; }

    public int BytesPerFrame { get; }

    /// <summary>Buffers free right now.</summary>
    public int Available
    {
        get
        {
            lock (_lock)
                return _freeCount;
        }
    }

    /// <summary>Takes a free buffer; false when every buffer is out.</summary>
    public bool TryRent([NotNullWhen(true)] out FrameBuffer? buffer)
    {
        lock (_lock)
        {
            if (_freeCount == 0)
            {
                buffer = null;
                return false;
            }
            buffer = _free[--_freeCount];
            _free[_freeCount] = null!;
        }
        buffer.TryMarkRented();
        buffer.Length = 0;
        buffer.Exposure = null;
        buffer.IsCorrupt = false;
        return true;
    }

    internal void Return(FrameBuffer buffer)
    {
        if (!buffer.TryMarkReturned())
            throw new InvalidOperationException("This frame buffer was already returned to its pool: a frame was disposed twice, and its buffer may hold another frame by now.");
        lock (_lock)
            _free[_freeCount++] = buffer;
    }
}
