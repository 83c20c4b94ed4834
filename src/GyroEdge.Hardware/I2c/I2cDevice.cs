namespace GyroEdge.Hardware.I2c;

/// <summary>
/// One chip on a bus: the bus plus the chip's 7-bit address, with the register-access patterns
/// IMU drivers use. Does not own the bus (several chips share it). Allocates nothing per call.
/// </summary>
public sealed class I2cDevice
{
    private const ushort MaxSevenBitAddress = 0x7F;

    public I2cDevice(II2cBus bus, ushort address)
    {
        ArgumentNullException.ThrowIfNull(bus);
        if (address > MaxSevenBitAddress)
        {
            throw new ArgumentOutOfRangeException(nameof(address), address,
                $"I2C addresses are 7-bit (0x00-0x7F); got 0x{address:X}. 10-bit addressing is not supported. Use the address from the datasheet without the R/W bit (e.g. 0x68, not 0xD0).");
        }
        Bus = bus;
        Address = address;
    }

    public II2cBus Bus { get; }

    public ushort Address { get; }

    public void WriteRead(ReadOnlySpan<byte> write, Span<byte> read) => Bus.WriteRead(Address, write, read);

    public void Write(ReadOnlySpan<byte> write) => Bus.Write(Address, write);

    /// <summary>Reads without writing first (e.g. continuing a FIFO burst).</summary>
    public void Read(Span<byte> read) => Bus.WriteRead(Address, [], read);

    /// <summary>Reads one register: write its number, repeated START, read one byte.</summary>
    public byte ReadRegister(byte register)
    {
        Span<byte> value = stackalloc byte[1];
        ReadRegisters(register, value);
        return value[0];
    }

    /// <summary>Reads consecutive registers from <paramref name="first"/> (auto-increment), or a FIFO data register in a burst.</summary>
    public void ReadRegisters(byte first, Span<byte> values)
    {
        ReadOnlySpan<byte> address = [first];
        Bus.WriteRead(Address, address, values);
    }

    /// <summary>Writes one register: its number, then the value, in one transaction.</summary>
    public void WriteRegister(byte register, byte value)
    {
        ReadOnlySpan<byte> message = [register, value];
        Bus.Write(Address, message);
    }
}
