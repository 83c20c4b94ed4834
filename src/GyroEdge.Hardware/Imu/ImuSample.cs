using GyroEdge.Domain.Gyro;

namespace GyroEdge.Hardware.Imu;

/// <summary>
/// One gyroscope sample as a driver delivers it: angular velocity in the IMU's own axes and the
/// CLOCK_MONOTONIC instant the chip sampled it (reconstructed, see <see cref="SampleTimeline"/>).
/// A plain value type so a reader drains the FIFO into a buffer it owns, allocating nothing.
/// </summary>
/// <remarks>
/// Kept beside the domain's <see cref="GyroSample"/> on purpose: it is the driver's raw output,
/// and says more than motion. The FSYNC tag and delay feed exposure matching, Invalid, Stuck and
/// AfterFault feed health statistics; the gyro stream needs none of them. A float's 24-bit
/// mantissa holds a scaled 16-bit reading far below the sensor's noise, and keeps a FIFO-drain
/// buffer at 32 bytes a sample instead of 40. <see cref="ToGyroSample"/> is the one way into
/// the domain.
/// </remarks>
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
public readonly record struct ImuSample(long TimestampNs, float Wx, float Wy, float Wz, ImuSampleFlags Flags, int FsyncDelayNs = 0)
{
    /// <summary>
    /// The sample as the domain's gyro stream takes it (<see cref="GyroStream.Append(in GyroSample)"/>):
    /// IMU axes and IMU time still, Saturated kept, AfterGap as DropoutBefore. An Invalid or Stuck
    /// sample is no measurement of motion, so its rates become NaN: the stream refuses it and marks
    /// the next sample it accepts DropoutBefore, which makes the frames across it degraded rather
    /// than built from a dead sensor's numbers. FSYNC and AfterFault do not concern motion.
    /// </summary>
    public GyroSample ToGyroSample()
    {
        if ((Flags & (ImuSampleFlags.Invalid | ImuSampleFlags.Stuck)) != 0)
            return new GyroSample(TimestampNs, double.NaN, double.NaN, double.NaN);
        var faults = GyroSampleFaults.None;
        if ((Flags & ImuSampleFlags.Saturated) != 0)
            faults |= GyroSampleFaults.Saturated;
        if ((Flags & ImuSampleFlags.AfterGap) != 0)
            faults |= GyroSampleFaults.DropoutBefore;
        return new GyroSample(TimestampNs, Wx, Wy, Wz, faults);
    }
}
