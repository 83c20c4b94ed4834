using System.Globalization;
using System.Runtime.InteropServices;
using GyroEdge.Hardware.I2c;
using GyroEdge.Hardware.Linux.Interop;

namespace GyroEdge.Hardware.Linux.I2c;

/// <summary>
/// An I2C adapter through the kernel's i2c-dev interface (/dev/i2c-N; Documentation/i2c/dev-interface.rst).
/// Transfers allocate nothing: the messages live on the stack and the caller's spans are pinned
/// for the duration of the ioctl. Thread-safe: the kernel serialises I2C_RDWR per adapter, and
/// the fallback path holds a lock across its address-write-read sequence.
/// </summary>
public sealed class LinuxI2cBus : II2cBus, IDisposable
{
    private const ushort MaxSevenBitAddress = 0x7F;

    private readonly SafeFileDescriptor _fd;
    private readonly Lock _fallbackGate = new();

    // The address last set with I2C_SLAVE on the fallback path; -1 before the first transfer.
    private int _selectedAddress = -1;

    internal LinuxI2cBus(SafeFileDescriptor fd, string path, ulong functionality)
    {
        _fd = fd;
        Name = path;
        Functionality = functionality;
        TransferMode = (functionality & I2cAbi.I2C_FUNC_I2C) != 0
            ? I2cTransferMode.CombinedMessages
            : I2cTransferMode.SeparateWriteAndRead;
    }

    /// <summary>The device node, e.g. "/dev/i2c-1".</summary>
    public string Name { get; }

    /// <summary>The adapter's I2C_FUNC_* mask from I2C_FUNCS.</summary>
    public ulong Functionality { get; }

    /// <summary>Whether write-read is one combined transfer or two; log <see cref="Describe"/> at start-up.</summary>
    public I2cTransferMode TransferMode { get; }

    /// <summary>Opens /dev/i2c-<paramref name="busNumber"/>.</summary>
    public static LinuxI2cBus Open(int busNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(busNumber);
        return Open("/dev/i2c-" + busNumber.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Opens an i2c-dev node read-write and asks the adapter what it can do (I2C_FUNCS).</summary>
    public static unsafe LinuxI2cBus Open(string devicePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(devicePath);
        KernelAbi.EnsureSupported(devicePath);

        var fd = SafeFileDescriptor.OpenDevice(devicePath, LibC.O_RDWR | LibC.O_CLOEXEC, I2cDevErrors.Open);

        // unsigned long: 8 bytes on LP64 (reference §1), hence nuint.
        nuint functionality = 0;
        if (LibC.ioctl(fd, I2cAbi.I2C_FUNCS, &functionality) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            fd.Dispose();
            throw I2cDevErrors.Functionality(errno, devicePath);
        }
        return new LinuxI2cBus(fd, devicePath, functionality);
    }

    /// <summary>One line for the start-up log saying how transfers are made on this adapter.</summary>
    public string Describe() => TransferMode == I2cTransferMode.CombinedMessages
        ? $"{Name}: combined write-read through I2C_RDWR (functionality 0x{Functionality:X8})"
        : $"{Name}: adapter lacks I2C_FUNC_I2C (functionality 0x{Functionality:X8}); write-read falls back to I2C_SLAVE + write() + read(), two transactions with a STOP between them";

    public void WriteRead(ushort address, ReadOnlySpan<byte> write, Span<byte> read)
    {
        Validate(address, write.Length, read.Length);
        if (TransferMode == I2cTransferMode.CombinedMessages)
            TransferCombined(address, write, read);
        else
            TransferSeparately(address, write, read);
    }

    public void Write(ushort address, ReadOnlySpan<byte> write)
    {
        if (write.IsEmpty)
            throw new ArgumentException("An I2C write needs at least one byte (the register number).", nameof(write));
        WriteRead(address, write, []);
    }

    public void Dispose() => _fd.Dispose();

    private unsafe void TransferCombined(ushort address, ReadOnlySpan<byte> write, Span<byte> read)
    {
        fixed (byte* writeBuffer = write)
        fixed (byte* readBuffer = read)
        {
            var messages = stackalloc i2c_msg[2];
            uint count = 0;
            if (!write.IsEmpty)
                messages[count++] = new i2c_msg { addr = address, flags = 0, len = (ushort)write.Length, buf = writeBuffer };
            if (!read.IsEmpty)
                messages[count++] = new i2c_msg { addr = address, flags = I2cAbi.I2C_M_RD, len = (ushort)read.Length, buf = readBuffer };

            var transfer = new i2c_rdwr_ioctl_data { msgs = messages, nmsgs = count };
            var done = LibC.ioctl(_fd, I2cAbi.I2C_RDWR, &transfer);
            if (done < 0)
                throw new I2cTransferException(Name, address, Operation(address, write.Length, read.Length), Marshal.GetLastPInvokeError());
            if (done != count)
                throw I2cTransferException.Incomplete(Name, address, Operation(address, write.Length, read.Length), $"I2C_RDWR completed {done} of {count} messages");
        }
    }

    private unsafe void TransferSeparately(ushort address, ReadOnlySpan<byte> write, Span<byte> read)
    {
        lock (_fallbackGate)
        {
            if (_selectedAddress != address)
            {
                if (LibC.ioctl(_fd, I2cAbi.I2C_SLAVE, (nuint)address) < 0)
                    throw new I2cTransferException(Name, address, $"I2C_SLAVE 0x{address:X2}", Marshal.GetLastPInvokeError());
                _selectedAddress = address;
            }

            if (!write.IsEmpty)
            {
                fixed (byte* buffer = write)
                {
                    var written = LibC.write(_fd, buffer, (nuint)write.Length);
                    if (written < 0)
                        throw new I2cTransferException(Name, address, $"I2C write to 0x{address:X2} ({write.Length} bytes)", Marshal.GetLastPInvokeError());
                    if (written != write.Length)
                        throw I2cTransferException.Incomplete(Name, address, $"I2C write to 0x{address:X2}", $"wrote {written} of {write.Length} bytes");
                }
            }

            if (!read.IsEmpty)
            {
                fixed (byte* buffer = read)
                {
                    var received = LibC.read(_fd, buffer, (nuint)read.Length);
                    if (received < 0)
                        throw new I2cTransferException(Name, address, $"I2C read from 0x{address:X2} ({read.Length} bytes)", Marshal.GetLastPInvokeError());
                    if (received != read.Length)
                        throw I2cTransferException.Incomplete(Name, address, $"I2C read from 0x{address:X2}", $"read {received} of {read.Length} bytes");
                }
            }
        }
    }

    private static void Validate(ushort address, int writeLength, int readLength)
    {
        if (address > MaxSevenBitAddress)
        {
            throw new ArgumentOutOfRangeException(nameof(address), address,
                $"I2C addresses are 7-bit (0x00-0x7F); got 0x{address:X}. Use the datasheet address without the R/W bit (0x68, not 0xD0).");
        }
        if (writeLength == 0 && readLength == 0)
            throw new ArgumentException("An I2C transfer needs bytes to write, bytes to read, or both.");
        if (writeLength > I2cAbi.MaxMessageLength || readLength > I2cAbi.MaxMessageLength)
        {
            throw new ArgumentOutOfRangeException(nameof(writeLength),
                $"i2c-dev moves at most {I2cAbi.MaxMessageLength} bytes per message; asked to write {writeLength} and read {readLength}. Split the transfer (read the FIFO in chunks).");
        }
    }

    // Only reached on failure, so the string is built after the fact, never per transfer.
    private static string Operation(ushort address, int writeLength, int readLength) => (writeLength, readLength) switch
    {
        (> 0, > 0) => $"I2C_RDWR write-read of 0x{address:X2} ({writeLength} + {readLength} bytes)",
        (> 0, _) => $"I2C_RDWR write to 0x{address:X2} ({writeLength} bytes)",
        _ => $"I2C_RDWR read from 0x{address:X2} ({readLength} bytes)",
    };
}
