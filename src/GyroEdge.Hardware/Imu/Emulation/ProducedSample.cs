namespace GyroEdge.Hardware.Imu.Emulation;

/// <summary>
/// Ground truth for one sample an emulated chip put into its FIFO and later handed over the bus:
/// the true CLOCK_MONOTONIC instant it was taken and the raw values it carried.
/// </summary>
/// <param name="Sequence">Samples the chip produced before this one since it was powered.</param>
/// <param name="TimestampNs">When the chip sampled, CLOCK_MONOTONIC ns.</param>
/// <param name="X">Raw gyro x, LSB.</param>
/// <param name="Y">Raw gyro y, LSB.</param>
/// <param name="Z">Raw gyro z, LSB.</param>
/// <param name="FsyncTagged">Whether the chip tagged it as the first sample after an FSYNC edge.</param>
public readonly record struct ProducedSample(long Sequence, long TimestampNs, short X, short Y, short Z, bool FsyncTagged);
