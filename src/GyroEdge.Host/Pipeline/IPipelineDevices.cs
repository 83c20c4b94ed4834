using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.Imu;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// Where the pipeline's sensors come from: the board's kernel devices (Service/BoardDevices) or
/// emulators of the same interfaces (Simulation/EmulatedDevices). Everything above these three
/// calls is the same code on the board and in simulation. Each stage opens its device in its
/// StartAsync and owns what it got.
/// </summary>
public interface IPipelineDevices : IDisposable
{
    /// <summary>Opens and identifies the IMU (WHO_AM_I); streaming starts later.</summary>
    IImu OpenImu();

    /// <summary>The exposure strobe's line request, or null when no strobe is configured.</summary>
    IGpioLineEventSource? OpenStrobe();

    /// <summary>The camera, with <paramref name="poolFrames"/> pooled buffers.</summary>
    IFrameSource OpenCamera(int poolFrames);
}

/// <summary>
/// A frame source that presents recorded frames on the live clock (replay in simulation): the
/// frame it just returned was exposed over <see cref="LastPresentation"/>, in place of its
/// recorded timestamps, under a running sequence number.
/// </summary>
public interface IRetimedFrameSource
{
    (long Sequence, Domain.Camera.ExposureWindow Exposure) LastPresentation { get; }

    /// <summary>
    /// The intrinsics of the frame just returned when they are its own (a synthetic recording's
    /// frames are crops of different photos, frames.csv fx,fy,cx,cy); null: the camera's.
    /// </summary>
    Domain.Camera.CameraIntrinsics? LastIntrinsics { get; }
}
