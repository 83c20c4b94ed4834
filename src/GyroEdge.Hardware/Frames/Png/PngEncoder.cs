using System.Buffers.Binary;
using System.IO.Compression;

namespace GyroEdge.Hardware.Frames.Png;

/// <summary>The row filter an encoder applies before compression (PNG specification, §9.2).</summary>
public enum PngRowFilter : byte
{
    /// <summary>Type 0: bytes as they are; fastest.</summary>
    None = 0,

    /// <summary>Type 1: each byte minus the same sample of the pixel to its left; smaller files for camera images.</summary>
    Sub = 1,
}

/// <summary>
/// Writes the PNG frames of a recording (DESIGN.md, "Recordings") without an image library:
/// 8-bit greyscale or RGB, non-interlaced, one IDAT chunk, zlib through
/// <see cref="ZLibStream"/> (PNG specification, 2nd edition: chunks §5, filters §9). The output
/// and row buffers are kept between frames, so a steady stream of same-sized frames allocates
/// only the zlib stream's own small objects. <see cref="PngDecoder"/> reads what this writes.
/// </summary>
public sealed class PngEncoder : IDisposable
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly MemoryStream _file = new();
    private byte[] _row = [];
    private readonly CompressionLevel _level;

    /// <param name="level">
    /// Fastest by default: a recorder at camera rate cannot afford Optimal's cost per frame, and
    /// the disk budget, not the ratio, is what limits a field session.
    /// </param>
    public PngEncoder(CompressionLevel level = CompressionLevel.Fastest) => _level = level;

    /// <summary>
    /// Encodes <paramref name="height"/> rows of <paramref name="stride"/> bytes from
    /// <paramref name="pixels"/> (<see cref="FramePixelFormat.Rgb24"/> or <see cref="FramePixelFormat.Grey"/>).
    /// The returned bytes are the whole file; they stay valid until the next call.
    /// </summary>
    public ReadOnlyMemory<byte> Encode(ReadOnlySpan<byte> pixels, int width, int height, int stride, FramePixelFormat format, PngRowFilter filter = PngRowFilter.Sub)
    {
        var (colorType, channels) = format switch
        {
            FramePixelFormat.Rgb24 => (PngColorType.Truecolour, 3),
            FramePixelFormat.Grey => (PngColorType.Greyscale, 1),
            _ => throw new ArgumentException($"PNG frames are written from RGB24 or GREY pixels, not {format}; convert the frame first.", nameof(format)),
        };
        if (width is < 1 or > 1 << 15 || height is < 1 or > 1 << 15)
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height}: frames are 1 to 32768 pixels on each side.");
        var rowBytes = width * channels;
        if (stride < rowBytes)
            throw new ArgumentOutOfRangeException(nameof(stride), $"stride {stride} is less than a row of {rowBytes} bytes.");
        if (pixels.Length < ((long)stride * (height - 1)) + rowBytes)
            throw new ArgumentException($"{pixels.Length} bytes hold fewer than {height} rows of {rowBytes} bytes at stride {stride}.", nameof(pixels));
        if (_row.Length < rowBytes + 1)
            _row = new byte[rowBytes + 1];

        _file.SetLength(0);
        _file.Write(Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr[4..], (uint)height);
        ihdr[8] = 8;
        ihdr[9] = (byte)colorType;
        ihdr[10] = 0; // compression method 0: deflate
        ihdr[11] = 0; // filter method 0: the five adaptive filters
        ihdr[12] = 0; // no interlace
        WriteChunk("IHDR"u8, ihdr);

        // IDAT is written in place: length placeholder, type, zlib data, then length and CRC are filled in.
        var lengthAt = _file.Position;
        _file.Write(stackalloc byte[4]);
        _file.Write("IDAT"u8);
        var dataAt = _file.Position;
        using (var zlib = new ZLibStream(_file, _level, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                var source = pixels.Slice(y * stride, rowBytes);
                var row = _row.AsSpan(0, rowBytes + 1);
                row[0] = (byte)filter;
                if (filter == PngRowFilter.Sub)
                {
                    source[..channels].CopyTo(row[1..]);
                    for (var i = channels; i < rowBytes; i++)
                        row[1 + i] = (byte)(source[i] - source[i - channels]);
                }
                else
                {
                    source.CopyTo(row[1..]);
                }
                zlib.Write(row);
            }
        }
        var dataLength = _file.Position - dataAt;
        var buffer = _file.GetBuffer();
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan((int)lengthAt), (uint)dataLength);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, PngCrc.Compute(buffer.AsSpan((int)lengthAt + 4, 4 + (int)dataLength)));
        _file.Write(crc);
        WriteChunk("IEND"u8, []);
        return _file.GetBuffer().AsMemory(0, (int)_file.Length);
    }

    public void Dispose() => _file.Dispose();

    private void WriteChunk(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        _file.Write(word);
        _file.Write(type);
        _file.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, PngCrc.Finish(PngCrc.Update(PngCrc.Update(0xFFFF_FFFFu, type), data)));
        _file.Write(word);
    }
}
