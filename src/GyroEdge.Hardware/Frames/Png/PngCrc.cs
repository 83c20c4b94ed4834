namespace GyroEdge.Hardware.Frames.Png;

/// <summary>The chunk CRC of PNG's Annex D (CRC-32, polynomial 0xEDB88320, reflected), shared by encoder and decoder.</summary>
internal static class PngCrc
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC over a chunk's type and data, as stored after the data.</summary>
    public static uint Compute(ReadOnlySpan<byte> typeAndData) => Finish(Update(0xFFFF_FFFFu, typeAndData));

    public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    public static uint Finish(uint crc) => crc ^ 0xFFFF_FFFFu;

    private static uint[] BuildTable()
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
}
