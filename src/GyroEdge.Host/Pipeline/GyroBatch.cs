using GyroEdge.Hardware.Imu;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// One FIFO read's samples for the recorder, in an array rented from the shared pool (returned
/// by the recorder): a batch per read, not an allocation per sample.
/// </summary>
public readonly record struct GyroBatch(ImuSample[] Samples, int Count);
