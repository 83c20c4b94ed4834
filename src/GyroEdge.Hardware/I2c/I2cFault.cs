namespace GyroEdge.Hardware.I2c;

/// <summary>What went wrong on the wire, classified from the errno (Documentation/i2c/fault-codes.rst).</summary>
public enum I2cFault
{
    /// <summary>Anything else the adapter reports (EIO and friends): wiring, pull-ups, bus speed.</summary>
    Other,

    /// <summary>The address (or a data byte) was not acknowledged: ENXIO by convention, EREMOTEIO on Tegra.</summary>
    NoAcknowledge,

    /// <summary>ETIMEDOUT: the transfer did not complete (SCL held low, excessive clock stretching).</summary>
    Timeout,

    /// <summary>EBUSY on I2C_SLAVE: a kernel driver owns the address.</summary>
    AddressInUse,

    /// <summary>EAGAIN: another master won arbitration.</summary>
    ArbitrationLost,

    /// <summary>EINVAL or EOPNOTSUPP: the adapter refused the message shape (length, count, flags).</summary>
    Rejected,

    /// <summary>ENOTTY: the file is not an I2C adapter at all.</summary>
    NotAnAdapter,

    /// <summary>Fewer bytes or messages moved than asked for, without an errno.</summary>
    Incomplete,
}
