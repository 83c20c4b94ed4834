using System.Buffers.Binary;
using System.IO.Compression;

namespace GyroEdge.Hardware.Frames.Png;

/// <summary>
/// Reads the PNG frames of a recording (DESIGN.md, "Recordings") without an image library:
/// non-interlaced greyscale, RGB, RGBA and grey+alpha at 8 or 16 bits, and 8-bit palette images
/// (PNG specification, 2nd edition: chunks §5, filters §9, zlib data §10). Chunk CRCs are checked,
/// so a torn or damaged file is refused rather than decoded into noise. Scratch buffers are
/// kept and reused; a decode still allocates the zlib stream's small objects.
/// Not implemented: Adam7 interlacing, bit depths below 8, tRNS transparency, colour management.
/// </summary>
public sealed class PngDecoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    private byte[] _compressed = new byte[64 * 1024];
    private byte[] _raw = [];
    private readonly byte[] _palette = new byte[256 * 3];

    /// <summary>Reads the header only (signature, IHDR), checking the image is one this decoder supports.</summary>
    public static PngInfo ReadInfo(ReadOnlySpan<byte> file, string name)
    {
        if (file.Length < 8 + 25 || !file[..8].SequenceEqual(Signature))
            throw Bad(name, "does not start with the PNG signature", "Check the file is a PNG; the recording's frames.csv names it.");
        var length = BinaryPrimitives.ReadUInt32BigEndian(file[8..]);
        if (length != 13 || !file.Slice(12, 4).SequenceEqual("IHDR"u8))
            throw Bad(name, "has no IHDR chunk first", "The file is damaged; re-export the frame.");
        CheckCrc(file.Slice(12, 4 + 13), BinaryPrimitives.ReadUInt32BigEndian(file[29..]), name, "IHDR");
        var ihdr = file.Slice(16, 13);
        var width = BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        var height = BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]);
        var bitDepth = ihdr[8];
        var colorType = (PngColorType)ihdr[9];
        if (width is 0 or > 1 << 15 || height is 0 or > 1 << 15)
            throw Bad(name, $"claims a size of {width}x{height}", "Frames are 1 to 32768 pixels on each side; the file is damaged.");
        if (ihdr[10] != 0 || ihdr[11] != 0)
            throw Bad(name, $"uses compression method {ihdr[10]} / filter method {ihdr[11]}", "Only method 0 exists in the PNG standard; the file is damaged.");
        if (ihdr[12] != 0)
            throw Bad(name, "is interlaced (Adam7)", "Write recordings without interlacing (the default of most encoders).");
        var supported = colorType switch
        {
            PngColorType.Greyscale or PngColorType.Truecolour or PngColorType.GreyscaleWithAlpha or PngColorType.TruecolourWithAlpha => bitDepth is 8 or 16,
            PngColorType.IndexedColour => bitDepth == 8,
            _ => false,
        };
        if (!supported)
            throw Bad(name, $"has colour type {(int)colorType} at {bitDepth} bits", "Supported: greyscale, RGB, RGBA and grey+alpha at 8 or 16 bits, 8-bit palette. Convert the frame to 8-bit RGB or greyscale.");
        return new PngInfo((int)width, (int)height, bitDepth, colorType);
    }

    /// <summary>
    /// Decodes <paramref name="file"/> into <paramref name="destination"/> as
    /// <see cref="PngInfo.OutputFormat"/> with <paramref name="destinationStride"/> bytes per line.
    /// </summary>
    /// <param name="name">The file's path, for messages.</param>
    public PngInfo Decode(ReadOnlySpan<byte> file, Span<byte> destination, int destinationStride, string name)
    {
        var info = ReadInfo(file, name);
        var layout = info.OutputLayout;
        if (destinationStride < layout.Stride || destination.Length < ((info.Height - 1) * (long)destinationStride) + layout.Stride)
            throw new ArgumentException($"{name} is {info.Width}x{info.Height} {info.OutputFormat}; the destination ({destination.Length} bytes, stride {destinationStride}) cannot hold it.", nameof(destination));

        var compressedLength = GatherImageData(file, info, name, out var paletteEntries);
        var rowBytes = info.RowBytes;
        var rawLength = checked(info.Height * (rowBytes + 1));
        if (_raw.Length < rawLength)
            _raw = new byte[rawLength];
        Inflate(compressedLength, rawLength, name);
        Unfilter(info, name);
        Convert(info, destination, destinationStride, paletteEntries, name);
        return info;
    }

    /// <summary>Walks the chunks, checks CRCs, copies IDAT payloads together and keeps PLTE.</summary>
    private int GatherImageData(ReadOnlySpan<byte> file, in PngInfo info, string name, out int paletteEntries)
    {
        var position = 8;
        var compressed = 0;
        var sawEnd = false;
        paletteEntries = 0;
        while (position < file.Length)
        {
            if (file.Length - position < 12)
                throw Bad(name, $"ends inside a chunk header at byte {position}", "The file was cut short (a torn write?); re-export the frame.");
            var length = BinaryPrimitives.ReadUInt32BigEndian(file[position..]);
            if (length > int.MaxValue || file.Length - position - 12 < length)
                throw Bad(name, $"has a chunk at byte {position} that runs past the end of the file", "The file was cut short (a torn write?); re-export the frame.");
            var type = file.Slice(position + 4, 4);
            var data = file.Slice(position + 8, (int)length);
            CheckCrc(file.Slice(position + 4, 4 + (int)length), BinaryPrimitives.ReadUInt32BigEndian(file[(position + 8 + (int)length)..]), name, System.Text.Encoding.ASCII.GetString(type));
            if (type.SequenceEqual("IDAT"u8))
            {
                if (_compressed.Length - compressed < data.Length)
                    Array.Resize(ref _compressed, Math.Max(_compressed.Length * 2, compressed + data.Length));
                data.CopyTo(_compressed.AsSpan(compressed));
                compressed += data.Length;
            }
            else if (type.SequenceEqual("PLTE"u8))
            {
                if (data.Length % 3 != 0 || data.Length > _palette.Length)
                    throw Bad(name, $"has a PLTE chunk of {data.Length} bytes", "A palette is 1 to 256 RGB entries; the file is damaged.");
                data.CopyTo(_palette);
                paletteEntries = data.Length / 3;
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                sawEnd = true;
                break;
            }
            position += 12 + (int)length;
        }
        if (!sawEnd)
            throw Bad(name, "has no IEND chunk", "The file was cut short (a torn write?); re-export the frame.");
        if (compressed == 0)
            throw Bad(name, "has no image data (IDAT)", "The file is damaged; re-export the frame.");
        if (info.ColorType == PngColorType.IndexedColour && paletteEntries == 0)
            throw Bad(name, "is a palette image without a PLTE chunk", "The file is damaged; re-export the frame.");
        return compressed;
    }

    private void Inflate(int compressedLength, int rawLength, string name)
    {
        int read;
        try
        {
            using var input = new MemoryStream(_compressed, 0, compressedLength, writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            read = zlib.ReadAtLeast(_raw.AsSpan(0, rawLength), rawLength, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw Bad(name, $"has damaged compressed data ({e.Message})", "Re-export the frame.");
        }
        if (read < rawLength)
            throw Bad(name, $"decompresses to {read} bytes; {rawLength} are needed for its size", "The image data is cut short; re-export the frame.");
    }

    /// <summary>Reverses the per-line filters in place (PNG §9.2: None, Sub, Up, Average, Paeth).</summary>
    private void Unfilter(in PngInfo info, string name)
    {
        var rowBytes = info.RowBytes;
        var bpp = info.BytesPerPixel;
        Span<byte> previous = default;
        for (var y = 0; y < info.Height; y++)
        {
            var line = _raw.AsSpan(y * (rowBytes + 1), rowBytes + 1);
            var filter = line[0];
            var row = line[1..];
            switch (filter)
            {
                case 0:
                    break;
                case 1:
                    for (var i = bpp; i < rowBytes; i++)
                        row[i] += row[i - bpp];
                    break;
                case 2:
                    if (!previous.IsEmpty)
                    {
                        for (var i = 0; i < rowBytes; i++)
                            row[i] += previous[i];
                    }
                    break;
                case 3:
                    for (var i = 0; i < rowBytes; i++)
                    {
                        var left = i >= bpp ? row[i - bpp] : 0;
                        var up = previous.IsEmpty ? 0 : previous[i];
                        row[i] += (byte)((left + up) >> 1);
                    }
                    break;
                case 4:
                    for (var i = 0; i < rowBytes; i++)
                    {
                        int left = i >= bpp ? row[i - bpp] : 0;
                        int up = previous.IsEmpty ? 0 : previous[i];
                        int upLeft = i >= bpp && !previous.IsEmpty ? previous[i - bpp] : 0;
                        row[i] += Paeth(left, up, upLeft);
                    }
                    break;
                default:
                    throw Bad(name, $"uses filter type {filter} on line {y}", "Only types 0 to 4 exist; the file is damaged.");
            }
            previous = row;
        }
    }

    private static byte Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }

    private void Convert(in PngInfo info, Span<byte> destination, int stride, int paletteEntries, string name)
    {
        var rowBytes = info.RowBytes;
        // 16-bit samples are big-endian: the high byte comes first.
        var step = info.BitDepth / 8;
        var pixelBytes = info.BytesPerPixel;
        for (var y = 0; y < info.Height; y++)
        {
            ReadOnlySpan<byte> row = _raw.AsSpan((y * (rowBytes + 1)) + 1, rowBytes);
            var output = destination.Slice(y * stride);
            switch (info.ColorType)
            {
                case PngColorType.Greyscale when step == 1:
                    row.CopyTo(output);
                    break;
                case PngColorType.Greyscale:
                case PngColorType.GreyscaleWithAlpha:
                    for (int x = 0, i = 0; x < info.Width; x++, i += pixelBytes)
                        output[x] = row[i];
                    break;
                case PngColorType.Truecolour when step == 1:
                    row.CopyTo(output);
                    break;
                case PngColorType.Truecolour:
                case PngColorType.TruecolourWithAlpha:
                    for (int x = 0, i = 0, o = 0; x < info.Width; x++, i += pixelBytes, o += 3)
                    {
                        output[o] = row[i];
                        output[o + 1] = row[i + step];
                        output[o + 2] = row[i + (2 * step)];
                    }
                    break;
                case PngColorType.IndexedColour:
                    for (int x = 0, o = 0; x < info.Width; x++, o += 3)
                    {
                        var index = row[x];
                        if (index >= paletteEntries)
                            throw Bad(name, $"uses palette entry {index} of {paletteEntries} at ({x}, {y})", "The file is damaged; re-export the frame.");
                        _palette.AsSpan(index * 3, 3).CopyTo(output[o..]);
                    }
                    break;
            }
        }
    }

    private static void CheckCrc(ReadOnlySpan<byte> typeAndData, uint stored, string name, string chunk)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in typeAndData)
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        crc ^= 0xFFFF_FFFFu;
        if (crc != stored)
            throw Bad(name, $"fails the CRC of its {chunk} chunk (stored {stored:X8}, computed {crc:X8})", "The file is damaged; re-export the frame.");
    }

    /// <summary>The CRC-32 table of PNG's Annex D (polynomial 0xEDB88320, reflected).</summary>
    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB8_8320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    private static InvalidDataException Bad(string name, string what, string todo) => new($"PNG {name} {what}. {todo}");
}
