using GyroEdge.Hardware.I2c;

namespace GyroEdge.Hardware.Tests.Fakes;

/// <summary>An II2cBus that records every transfer and answers reads from a queue of replies.</summary>
internal sealed class RecordingI2cBus : II2cBus
{
    public string Name => "recording bus";

    public List<(ushort Address, byte[] Written, int ReadLength)> Transfers { get; } = [];

    public Queue<byte[]> Replies { get; } = new();

    public void WriteRead(ushort address, ReadOnlySpan<byte> write, Span<byte> read)
    {
        Transfers.Add((address, write.ToArray(), read.Length));
        if (!read.IsEmpty)
            Replies.Dequeue().AsSpan(0, read.Length).CopyTo(read);
    }

    public void Write(ushort address, ReadOnlySpan<byte> write) => WriteRead(address, write, []);
}
