namespace GyroEdge.Hardware.I2c;

/// <summary>
/// An I2C bus as an IMU driver sees it: a controller that addresses targets and moves bytes.
/// The Linux i2c-dev binding (<see cref="Linux.I2c.LinuxI2cBus"/>) is one implementation; a
/// chip emulator that answers register reads is another, so drivers are tested without a board.
/// </summary>
/// <remarks>
/// Failures are <see cref="I2cTransferException"/>s carrying an errno in the kernel's I2C fault
/// vocabulary (Documentation/i2c/fault-codes.rst): an emulator reports a NACK as ENXIO exactly
/// as a real adapter would, so drivers classify faults one way.
/// </remarks>
public interface II2cBus
{
    /// <summary>How messages name the bus: "/dev/i2c-1", or an emulator's name.</summary>
    string Name { get; }

    /// <summary>
    /// Writes <paramref name="write"/> to the 7-bit <paramref name="address"/>, then reads
    /// <paramref name="read"/>.Length bytes back, joined by a repeated START where the bus can
    /// (a register read: write the register number, read its value without releasing the bus).
    /// Either span may be empty, not both. Allocates nothing.
    /// </summary>
    void WriteRead(ushort address, ReadOnlySpan<byte> write, Span<byte> read);

    /// <summary>Writes <paramref name="write"/> (non-empty) to <paramref name="address"/> in one transaction.</summary>
    void Write(ushort address, ReadOnlySpan<byte> write);
}
