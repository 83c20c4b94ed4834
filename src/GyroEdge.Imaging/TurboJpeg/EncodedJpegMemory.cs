using System.Buffers;

namespace GyroEdge.Imaging.TurboJpeg;

/// <summary>
/// Lets a <see cref="JpegEncoder"/>'s native output buffer be handed out as
/// <see cref="ReadOnlyMemory{T}"/> (so callers can await a write of it) without copying. One
/// instance lives as long as one native buffer; when the encoder replaces or frees the buffer it
/// calls <see cref="Invalidate"/>, and any Memory still held then throws instead of reading
/// freed memory.
/// </summary>
internal sealed unsafe class EncodedJpegMemory : MemoryManager<byte>
{
    private readonly byte* _pointer;
    private readonly int _length;
    private bool _valid = true;

    internal EncodedJpegMemory(byte* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    internal void Invalidate() => _valid = false;

    private void ThrowIfInvalid()
    {
        if (!_valid)
        {
            throw new ObjectDisposedException(nameof(JpegEncoder),
                "This encoded JPEG is no longer readable: its JpegEncoder was disposed, or grew its output buffer for a larger frame. "
                + "An encoded JPEG is valid only until the next Encode call on the same encoder; copy it (ToArray) to keep it longer.");
        }
    }

    public override Span<byte> GetSpan()
    {
        ThrowIfInvalid();
        return new Span<byte>(_pointer, _length);
    }

    // The buffer is native and never moves; pinning only has to hand out its address.
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ThrowIfInvalid();
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, _length);
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    // The encoder owns the native buffer (a SafeHandle); this view has nothing of its own to free.
    protected override void Dispose(bool disposing) => _valid = false;
}
