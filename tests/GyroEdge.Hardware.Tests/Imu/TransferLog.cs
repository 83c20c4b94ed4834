using GyroEdge.Hardware.I2c;

namespace GyroEdge.Hardware.Tests.Imu;

/// <summary>Passes transfers through to a bus and records how many bytes each read asked for.</summary>
internal sealed class TransferLog(II2cBus inner) : II2cBus
{
    public string Name => inner.Name;

    public List<int> ReadLengths { get; } = [];

    public void WriteRead(ushort address, ReadOnlySpan<byte> write, Span<byte> read)
    {
        if (!read.IsEmpty)
            ReadLengths.Add(read.Length);
        inner.WriteRead(address, write, read);
    }

    public void Write(ushort address, ReadOnlySpan<byte> write) => inner.Write(address, write);
}
