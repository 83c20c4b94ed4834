namespace GyroEdge.Hardware.Imu;

/// <summary>
/// One gyroscope sample as a driver delivers it: angular velocity in the IMU's own axes and the
/// CLOCK_MONOTONIC instant the chip sampled it (reconstructed, see <see cref="SampleTimeline"/>).
/// A plain value type so a reader drains the FIFO into a buffer it owns, allocating nothing.
/// </summary>
/// <param name="TimestampNs">When the chip took the sample, CLOCK_MONOTONIC nanoseconds.</param>
/// <param name="Wx">Angular velocity about the IMU x axis, rad/s.</param>
/// <param name="Wy">About y, rad/s.</param>
/// <param name="Wz">About z, rad/s.</param>
/// <param name="Flags">What is special about this sample (saturation, FSYNC tag, a gap before it).</param>
/// <param name="FsyncDelayNs">
/// For <see cref="ImuSampleFlags.FsyncTagged"/> samples of chips that measure it (ICM-42688-P):
/// how long before this sample the FSYNC edge arrived, so the strobe instant is
/// <c>TimestampNs - FsyncDelayNs</c>. 0 otherwise.
/// </param>
public readonly record struct ImuSample(long TimestampNs, float Wx, float Wy, float Wz, ImuSampleFlags Flags, int FsyncDelayNs = 0);
