using GyroEdge.Domain.Geometry;

namespace GyroEdge.Hardware.Imu.Emulation;

/// <summary>
/// The motion an emulated IMU feels: angular velocity as a function of CLOCK_MONOTONIC time.
/// The emulator samples it at each output-data-rate instant and quantises it as the chip would.
/// </summary>
public interface IGyroTrace
{
    AngularVelocity At(long timestampNs);
}
