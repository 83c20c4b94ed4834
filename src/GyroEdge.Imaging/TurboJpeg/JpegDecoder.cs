using System.Runtime.InteropServices;
using GyroEdge.Imaging.TurboJpeg.Interop;

namespace GyroEdge.Imaging.TurboJpeg;

/// <summary>
/// Reads JPEG headers and decodes JPEGs into caller-owned RGB or grey buffers with libturbojpeg,
/// reusing one decompressor instance. Decoding allocates nothing on the managed heap unless
/// the stream is damaged (the warning text is a string).
/// </summary>
/// <remarks>
/// Not thread-safe: a TurboJPEG instance holds per-call state. Use one decoder per thread.
/// </remarks>
public sealed unsafe class JpegDecoder : IDisposable
{
    private const string HeaderOperation = "Reading the JPEG header";
    private const string DecodeOperation = "JPEG decode";
    private const string DataAdvice = "The stream is not a complete, valid JPEG: check where the bytes came from (a truncated download or file, or a non-JPEG payload).";

    private readonly TurboJpegHandle _handle;

    /// <param name="damagePolicy">Whether a stream that decodes only with a warning is returned (default) or rejected.</param>
    public JpegDecoder(JpegDamagePolicy damagePolicy = JpegDamagePolicy.Report)
    {
        if (!Enum.IsDefined(damagePolicy))
            throw new ArgumentOutOfRangeException(nameof(damagePolicy), damagePolicy, "Expected JpegDamagePolicy.Report or JpegDamagePolicy.Reject.");
        DamagePolicy = damagePolicy;
        _handle = TurboJpegNative.tjInitDecompress();
        if (_handle.IsInvalid)
        {
            var failure = TurboJpegError.InitFailed(_handle, "Creating a JPEG decompressor");
            _handle.Dispose();
            throw failure;
        }
    }

    public JpegDamagePolicy DamagePolicy { get; }

    /// <summary>
    /// Reads the image size, subsampling and colour space without decoding pixels. A header that
    /// reads only with a warning is accepted here; <see cref="Decode(ReadOnlySpan{byte}, Span{byte}, JpegPixelFormat)"/>
    /// reports (or rejects) the damage.
    /// </summary>
    /// <exception cref="JpegException">The input is not a JPEG, or its header is unreadable.</exception>
    public JpegHeader ReadHeader(ReadOnlySpan<byte> jpeg)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        ThrowIfNotJpeg(jpeg);
        // Zero first: for a tables-only stream tjDecompressHeader3 succeeds without writing them.
        int width = 0, height = 0, subsampling = -1, colorspace = -1;
        int result;
        fixed (byte* source = jpeg)
        {
            result = TurboJpegNative.tjDecompressHeader3(
                _handle, source, new CULong((nuint)jpeg.Length), &width, &height, &subsampling, &colorspace);
        }
        TurboJpegError.ThrowIfFatal(result, _handle, HeaderOperation, DataAdvice);
        if (width < 1 || height < 1)
            throw NoImage(jpeg);
        return new JpegHeader(width, height, (ChromaSubsampling)subsampling, (JpegColorspace)colorspace);
    }

    /// <summary>Decodes into a tightly packed <paramref name="destination"/> (rows of width x bytes per pixel).</summary>
    /// <exception cref="JpegException">
    /// The input is not a JPEG or cannot be decoded, or it is damaged and <see cref="DamagePolicy"/>
    /// is <see cref="JpegDamagePolicy.Reject"/>.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small for the image.</exception>
    public JpegDecodeResult Decode(ReadOnlySpan<byte> jpeg, Span<byte> destination, JpegPixelFormat format)
    {
        var header = ReadHeader(jpeg);
        return DecodeInto(jpeg, header, destination, checked(header.Width * format.BytesPerPixel()), format);
    }

    /// <summary>Decodes into <paramref name="destination"/> whose rows start <paramref name="stride"/> bytes apart.</summary>
    /// <exception cref="JpegException">
    /// The input is not a JPEG or cannot be decoded, or it is damaged and <see cref="DamagePolicy"/>
    /// is <see cref="JpegDamagePolicy.Reject"/>.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small for the image.</exception>
    public JpegDecodeResult Decode(ReadOnlySpan<byte> jpeg, Span<byte> destination, JpegPixelFormat format, int stride)
    {
        var header = ReadHeader(jpeg);
        return DecodeInto(jpeg, header, destination, stride, format);
    }

    public void Dispose() => _handle.Dispose();

    private JpegDecodeResult DecodeInto(ReadOnlySpan<byte> jpeg, JpegHeader header, Span<byte> destination, int stride, JpegPixelFormat format)
    {
        PackedImageLayout.Validate(destination.Length, header.Width, header.Height, stride, format, nameof(destination));
        int result;
        fixed (byte* source = jpeg)
        fixed (byte* target = destination)
        {
            // width and height equal to the header's: decode at full size, no DCT scaling.
            result = TurboJpegNative.tjDecompress2(
                _handle, source, new CULong((nuint)jpeg.Length), target,
                header.Width, stride, header.Height, (int)format, flags: 0);
        }
        var warning = TurboJpegError.ThrowIfFatal(result, _handle, DecodeOperation, DataAdvice);
        if (warning is not null && DamagePolicy == JpegDamagePolicy.Reject)
        {
            throw new JpegException(DecodeOperation, warning, JpegErrorSeverity.Warning,
                "The stream is damaged (the image decoded only partly) and this decoder rejects damaged streams (JpegDamagePolicy.Reject). "
                + "Use JpegDamagePolicy.Report to accept it with the warning.");
        }
        return new JpegDecodeResult(header, warning);
    }

    private static void ThrowIfNotJpeg(ReadOnlySpan<byte> jpeg)
    {
        // Every JPEG starts with the SOI marker FF D8 (ITU-T T.81, B.2.1); checking it here gives
        // a clearer message than libjpeg's for the common mistakes: empty input, PNG, raw pixels.
        if (jpeg.Length >= 2 && jpeg[0] == 0xFF && jpeg[1] == 0xD8)
            return;
        var found = jpeg.Length switch
        {
            0 => "the input is empty",
            1 => $"the input is a single byte 0x{jpeg[0]:X2}",
            _ => $"the input ({jpeg.Length} bytes) starts with 0x{jpeg[0]:X2} 0x{jpeg[1]:X2}{Describe(jpeg)}",
        };
        throw new JpegException(
            $"not a JPEG: {found}, but a JPEG stream starts with the SOI marker 0xFF 0xD8. Pass the bytes of a .jpg file or of an encoded frame.");
    }

    /// <summary>
    /// libjpeg's memory source ends a short stream with a fake EOI marker, so a stream cut inside
    /// its header reads like a tables-only stream: tjDecompressHeader3 returns 0 without a size.
    /// Only the real end marker tells the two apart.
    /// </summary>
    private static JpegException NoImage(ReadOnlySpan<byte> jpeg)
    {
        var endsWithEoi = jpeg.Length >= 4 && jpeg[^2] == 0xFF && jpeg[^1] == 0xD9;
        return new JpegException(endsWithEoi
            ? $"{HeaderOperation} failed: the {jpeg.Length}-byte stream holds tables but no image (an abbreviated, tables-only JPEG). "
              + "Expected a complete JPEG image; decode a full frame instead."
            : $"{HeaderOperation} failed: the stream ends after {jpeg.Length} bytes, inside its header, before any image data: it is truncated, or what follows its first two bytes is not JPEG data. "
              + "Expected a complete JPEG; check where the bytes came from (a partial download, a file still being written, a short read).");
    }

    private static string Describe(ReadOnlySpan<byte> data) =>
        data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) ? " (a PNG file)" : string.Empty;
}
