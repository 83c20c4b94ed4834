using GyroEdge.Imaging.TurboJpeg.Interop;

namespace GyroEdge.Imaging.TurboJpeg;

/// <summary>
/// Encodes RGB or grey frames to JPEG with libturbojpeg, reusing one compressor instance and one
/// output buffer: after the first frame of a given size, encoding allocates nothing on the
/// managed heap.
/// </summary>
/// <remarks>
/// Not thread-safe: a TurboJPEG instance holds per-call state, and the returned JPEG lives in a
/// buffer the next call overwrites. Use one encoder per thread (creating one costs milliseconds,
/// so keep it; do not create one per frame).
/// </remarks>
public sealed unsafe class JpegEncoder : IDisposable
{
    private const string Operation = "JPEG encode";
    private const string Advice = "The frame and its settings were accepted by the managed checks, so this is unexpected: report it with the frame size and settings.";

    private readonly TurboJpegHandle _handle;
    private TurboJpegBuffer? _buffer;
    private EncodedJpegMemory? _bufferView;
    private nuint _capacity;
    private int _quality;
    private ChromaSubsampling _subsampling;

    /// <param name="quality">1 (smallest) to 100 (best); see <see cref="Quality"/>.</param>
    /// <param name="subsampling">Colour subsampling for RGB frames; see <see cref="Subsampling"/>.</param>
    public JpegEncoder(int quality = 90, ChromaSubsampling subsampling = ChromaSubsampling.Chroma420)
    {
        Quality = quality;
        Subsampling = subsampling;
        _handle = TurboJpegNative.tjInitCompress();
        if (_handle.IsInvalid)
        {
            var failure = TurboJpegError.InitFailed(_handle, "Creating a JPEG compressor");
            _handle.Dispose();
            throw failure;
        }
    }

    /// <summary>
    /// libjpeg quality, 1 to 100 (the IJG scale: 50 is the standard tables, 100 divides them by
    /// 50). 85 to 95 keeps camera frames visually lossless; applies from the next encode.
    /// </summary>
    public int Quality
    {
        get => _quality;
        set
        {
            if (value is < 1 or > 100)
            {
                throw new ArgumentOutOfRangeException(nameof(Quality), value,
                    $"JPEG quality must be 1 (smallest stream) to 100 (best image); got {value}. 85 to 95 suits camera frames.");
            }
            _quality = value;
        }
    }

    /// <summary>
    /// Colour subsampling for RGB frames: <see cref="ChromaSubsampling.Chroma444"/>,
    /// <see cref="ChromaSubsampling.Chroma422"/> or <see cref="ChromaSubsampling.Chroma420"/>.
    /// Grey frames are always written as grey JPEGs.
    /// </summary>
    public ChromaSubsampling Subsampling
    {
        get => _subsampling;
        set
        {
            if (value is not (ChromaSubsampling.Chroma444 or ChromaSubsampling.Chroma422 or ChromaSubsampling.Chroma420))
            {
                throw new ArgumentOutOfRangeException(nameof(Subsampling), value,
                    $"The encoder writes Chroma444, Chroma422 or Chroma420 (grey frames are grey automatically); got {value}.");
            }
            _subsampling = value;
        }
    }

    /// <summary>
    /// Allocates the output buffer for frames up to <paramref name="width"/> x
    /// <paramref name="height"/> now, so that not even the first frame allocates.
    /// </summary>
    public void Reserve(int width, int height)
    {
        PackedImageLayout.Validate(int.MaxValue, width, height, width * 3, JpegPixelFormat.Rgb24, "frame");
        // tjBufSize pads to the iMCU, so 4:2:0 (16x16) can need more than 4:4:4 (8x8) for tiny frames.
        var worst = BufferSize(width, height, TurboJpegNative.TJSAMP_444);
        worst = Math.Max(worst, BufferSize(width, height, TurboJpegNative.TJSAMP_422));
        worst = Math.Max(worst, BufferSize(width, height, TurboJpegNative.TJSAMP_420));
        worst = Math.Max(worst, BufferSize(width, height, TurboJpegNative.TJSAMP_GRAY));
        EnsureCapacity(worst);
    }

    /// <summary>Encodes a tightly packed RGB frame (3 bytes per pixel, rows of width x 3 bytes).</summary>
    /// <returns>The JPEG stream, valid until the next call on this encoder (copy it to keep it).</returns>
    public ReadOnlyMemory<byte> EncodeRgb(ReadOnlySpan<byte> rgb, int width, int height) =>
        Encode(rgb, width, height, checked(width * 3), JpegPixelFormat.Rgb24);

    /// <summary>Encodes an RGB frame whose rows start <paramref name="stride"/> bytes apart.</summary>
    /// <returns>The JPEG stream, valid until the next call on this encoder (copy it to keep it).</returns>
    public ReadOnlyMemory<byte> EncodeRgb(ReadOnlySpan<byte> rgb, int width, int height, int stride) =>
        Encode(rgb, width, height, stride, JpegPixelFormat.Rgb24);

    /// <summary>Encodes a tightly packed grey frame (1 byte per pixel) as a grey JPEG.</summary>
    /// <returns>The JPEG stream, valid until the next call on this encoder (copy it to keep it).</returns>
    public ReadOnlyMemory<byte> EncodeGray(ReadOnlySpan<byte> gray, int width, int height) =>
        Encode(gray, width, height, width, JpegPixelFormat.Gray8);

    /// <summary>Encodes a grey frame whose rows start <paramref name="stride"/> bytes apart.</summary>
    /// <returns>The JPEG stream, valid until the next call on this encoder (copy it to keep it).</returns>
    public ReadOnlyMemory<byte> EncodeGray(ReadOnlySpan<byte> gray, int width, int height, int stride) =>
        Encode(gray, width, height, stride, JpegPixelFormat.Gray8);

    /// <summary>Encodes a frame in <paramref name="format"/>; the other overloads name the format for you.</summary>
    /// <returns>The JPEG stream, valid until the next call on this encoder (copy it to keep it).</returns>
    public ReadOnlyMemory<byte> Encode(ReadOnlySpan<byte> pixels, int width, int height, int stride, JpegPixelFormat format)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        PackedImageLayout.Validate(pixels.Length, width, height, stride, format, nameof(pixels));
        var subsampling = format == JpegPixelFormat.Gray8 ? TurboJpegNative.TJSAMP_GRAY : (int)_subsampling;
        // With TJFLAG_NOREALLOC tjCompress2 assumes a tjBufSize(width, height, subsampling) buffer,
        // so the buffer must be at least that for this exact frame.
        EnsureCapacity(BufferSize(width, height, subsampling));

        var buffer = _buffer!;
        var added = false;
        try
        {
            buffer.DangerousAddRef(ref added);
            var output = (byte*)buffer.DangerousGetHandle();
            var size = new System.Runtime.InteropServices.CULong(_capacity);
            int result;
            fixed (byte* source = pixels)
            {
                result = TurboJpegNative.tjCompress2(
                    _handle, source, width, stride, height, (int)format,
                    &output, &size, subsampling, _quality, TurboJpegNative.TJFLAG_NOREALLOC);
            }
            TurboJpegError.ThrowIfFailed(result, _handle, Operation, Advice);
            return _bufferView!.Memory[..checked((int)size.Value)];
        }
        finally
        {
            if (added)
                buffer.DangerousRelease();
        }
    }

    public void Dispose()
    {
        _bufferView?.Invalidate();
        _buffer?.Dispose();
        _handle.Dispose();
    }

    private static nuint BufferSize(int width, int height, int subsampling)
    {
        var size = TurboJpegNative.tjBufSize(width, height, subsampling).Value;
        if (size == TurboJpegNative.BufSizeError || size > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width,
                $"A {width}x{height} frame is too large for one JPEG buffer (tjBufSize gave {size} bytes; tjAlloc takes at most {int.MaxValue}). Encode a smaller frame.");
        }
        return size;
    }

    private void EnsureCapacity(nuint needed)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (needed <= _capacity)
            return;
        var replacement = TurboJpegNative.tjAlloc((int)needed);
        if (replacement.IsInvalid)
        {
            replacement.Dispose();
            throw new InsufficientMemoryException($"tjAlloc could not allocate the {needed}-byte JPEG output buffer. Free memory or encode smaller frames.");
        }
        _bufferView?.Invalidate();
        _buffer?.Dispose();
        _buffer = replacement;
        _capacity = needed;
        _bufferView = new EncodedJpegMemory((byte*)replacement.DangerousGetHandle(), (int)needed);
    }
}
