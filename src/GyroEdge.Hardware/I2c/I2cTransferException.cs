using System.Globalization;
using static GyroEdge.Native.Errno;

namespace GyroEdge.Hardware.I2c;

/// <summary>
/// An I2C transfer failed. <see cref="DeviceIoException.Errno"/> and <see cref="Fault"/> let a
/// driver tell a NACK (chip absent or asleep: retry after wake-up) from a timeout (bus stuck:
/// recover) from a configuration error (a kernel driver owns the address).
/// </summary>
public sealed class I2cTransferException : DeviceIoException
{
    /// <summary>
    /// A transfer to <paramref name="address"/> on <paramref name="busName"/> failed with
    /// <paramref name="errno"/>. Emulated buses use this too, with the errno a real adapter
    /// would return (ENXIO for a missing chip), so the message and <see cref="Fault"/> match.
    /// </summary>
    public I2cTransferException(string busName, ushort address, string operation, int errno)
        : this(busName, address, operation, errno, Classify(errno), Advise(Classify(errno), busName, address))
    {
    }

    private I2cTransferException(string busName, ushort address, string operation, int errno, I2cFault fault, string explanation)
        : base(busName, operation, errno, explanation)
    {
        Address = address;
        Fault = fault;
    }

    /// <summary>The 7-bit target address.</summary>
    public ushort Address { get; }

    public I2cFault Fault { get; }

    /// <summary>The transfer returned without an errno but moved less than asked: <paramref name="what"/> says how much.</summary>
    public static I2cTransferException Incomplete(string busName, ushort address, string operation, string what) =>
        new(busName, address, operation, 0, I2cFault.Incomplete,
            $"{what}. Expected the whole transfer to 0x{address:X2} to complete; check the wiring and that the chip is not being reset.");

    /// <summary>errno to fault, per Documentation/i2c/fault-codes.rst and drivers/i2c/busses/i2c-tegra.c.</summary>
    public static I2cFault Classify(int errno) => errno switch
    {
        ENXIO or EREMOTEIO => I2cFault.NoAcknowledge,
        ETIMEDOUT => I2cFault.Timeout,
        EBUSY => I2cFault.AddressInUse,
        EAGAIN => I2cFault.ArbitrationLost,
        EINVAL or EOPNOTSUPP => I2cFault.Rejected,
        ENOTTY => I2cFault.NotAnAdapter,
        _ => I2cFault.Other,
    };

    private static string Advise(I2cFault fault, string busName, ushort address)
    {
        var target = $"0x{address:X2}";
        var bus = BusNumber(busName);
        return fault switch
        {
            I2cFault.NoAcknowledge =>
                $"No ACK from address {target} on {busName} (is the IMU wired and powered? check `i2cdetect -y {bus}`). "
                + $"Expected a chip to answer at {target}; also check its address strap (AD0/SDO pin) and the pull-ups.",
            I2cFault.Timeout =>
                $"The transfer to {target} on {busName} timed out (SCL held low or clock stretched too long; the controller was reset). "
                + "Check pull-ups and wiring, try a lower bus speed, or power-cycle the IMU.",
            I2cFault.AddressInUse =>
                $"A kernel driver owns address {target} on {busName}; unbind it "
                + $"(echo {bus}-{address:x4} | sudo tee /sys/bus/i2c/devices/{bus}-{address:x4}/driver/unbind) "
                + "or remove its device-tree node, so GyroEdge can drive the chip from user space.",
            I2cFault.ArbitrationLost =>
                $"Another bus master won arbitration on {busName}. Retry; if it persists, find the other master or a device holding SDA low.",
            I2cFault.Rejected =>
                $"The adapter behind {busName} refused the message: i2c-dev takes at most 42 messages of at most 8192 bytes, 7-bit addresses, "
                + "and some adapters refuse zero-length or combined messages.",
            I2cFault.NotAnAdapter =>
                $"{busName} is not an I2C adapter (it does not answer I2C ioctls). Expected an i2c-dev node such as /dev/i2c-1.",
            _ =>
                $"The adapter reported a bus error talking to {target}; check wiring, pull-ups and the bus speed, then power-cycle the IMU.",
        };
    }

    /// <summary>"1" for "/dev/i2c-1", for the i2cdetect and sysfs hints; "N" when the name has no number.</summary>
    internal static string BusNumber(string busName)
    {
        var dash = busName.LastIndexOf('-');
        return dash >= 0 && int.TryParse(busName.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n.ToString(CultureInfo.InvariantCulture)
            : "N";
    }
}
