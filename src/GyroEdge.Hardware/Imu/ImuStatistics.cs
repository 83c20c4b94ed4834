namespace GyroEdge.Hardware.Imu;

/// <summary>Counters since the driver was constructed; a snapshot, safe to read from another thread.</summary>
/// <param name="SamplesRead">Samples delivered through <see cref="IImu.ReadSamples"/>.</param>
/// <param name="SamplesLost">Samples the chip produced that never reached the caller (overflow, flushes, faults), estimated from timestamps or elapsed time.</param>
/// <param name="FifoOverflows">Times the FIFO was found full or overflowed and was flushed.</param>
/// <param name="BusErrors">Transfers that failed (NACK, timeout, other bus errors).</param>
/// <param name="Retries">Read cycles retried after a failed transfer.</param>
/// <param name="Recoveries">Times the chip was re-initialised after it became unavailable or was found reset.</param>
/// <param name="BytesOnWire">Bytes the driver moved on the bus, address bytes included (for the bus-load estimate).</param>
/// <param name="Transfers">I2C transactions the driver made.</param>
/// <param name="ClockDriftPpm">How fast the IMU's clock runs against CLOCK_MONOTONIC, as estimated by the timeline (positive: IMU fast).</param>
/// <param name="InterruptAnchors">Samples whose time was pinned by an interrupt edge's kernel timestamp.</param>
public readonly record struct ImuStatistics(
    long SamplesRead,
    long SamplesLost,
    long FifoOverflows,
    long BusErrors,
    long Retries,
    long Recoveries,
    long BytesOnWire,
    long Transfers,
    double ClockDriftPpm,
    long InterruptAnchors);
