using GyroEdge.Domain.Camera;

namespace GyroEdge.Hardware.Frames;

/// <summary>
/// One frame in a buffer rented from a <see cref="FramePool"/>: pixels and what is known about
/// when they were exposed. Dispose it (or hand it to whoever will) to give the buffer back;
/// its memory is reused for a later frame, so nothing is allocated per frame.
/// </summary>
public sealed class FrameBuffer : IDisposable
{
    private readonly FramePool _pool;
    private readonly byte[] _storage;
    private int _rented;

    internal FrameBuffer(FramePool pool, int capacity)
    {
        _pool = pool;
        _storage = GC.AllocateUninitializedArray<byte>(capacity, pinned: true);
    }

    /// <summary>Bytes the buffer can hold.</summary>
    public int Capacity => _storage.Length;

    public FrameFormat Format { get; internal set; }

    /// <summary>Bytes of image data (for MJPEG, the JPEG's length).</summary>
    public int Length { get; internal set; }

    /// <summary>The frame's timestamp, CLOCK_MONOTONIC ns; what it marks is <see cref="TimestampSource"/>.</summary>
    public long TimestampNs { get; internal set; }

    public FrameTimestampSource TimestampSource { get; internal set; }

    /// <summary>The source's frame counter; a jump of more than one means frames were lost before this one.</summary>
    public long Sequence { get; internal set; }

    /// <summary>The driver delivered the frame but said its data may be damaged (V4L2_BUF_FLAG_ERROR).</summary>
    public bool IsCorrupt { get; internal set; }

    /// <summary>The exposure, where the source knows it (replay, simulation); camera frames get theirs from the strobe.</summary>
    public ExposureWindow? Exposure { get; internal set; }

    /// <summary>The image bytes.</summary>
    public ReadOnlySpan<byte> Data => _storage.AsSpan(0, Length);

    /// <summary>The image bytes as memory, for APIs that take it (a JPEG encoder, a channel).</summary>
    public ReadOnlyMemory<byte> Memory => _storage.AsMemory(0, Length);

    internal Span<byte> Writable => _storage;

    internal bool TryMarkRented() => Interlocked.Exchange(ref _rented, 1) == 0;

    internal bool TryMarkReturned() => Interlocked.Exchange(ref _rented, 0) == 1;

    /// <summary>Gives the buffer back to its pool. A second Dispose is a bug (the buffer may already hold another frame) and throws.</summary>
    public void Dispose() => _pool.Return(this);
}
