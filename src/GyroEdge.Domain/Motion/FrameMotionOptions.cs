using System.Globalization;
using GyroEdge.Domain.Camera;

namespace GyroEdge.Domain.Motion;

/// <summary>How <see cref="FrameMotionBuilder"/> turns an exposure into the model's motion input.</summary>
public sealed class FrameMotionOptions
{
    /// <summary>The largest M a model may ask for: the contract's rotations input is [1,M,3,3], and 64 instants resolve any exposure the trainer synthesises.</summary>
    public const int MaxRotationCount = 64;

    /// <summary>M, from the model's manifest.</summary>
    public int RotationCount { get; set; } = 8;

    /// <summary>
    /// The camera's intrinsics in pixels of the frame the camera delivers (required). The engine
    /// rescales them to the model's input when it resizes frames (FrameGeometry.ToModel), so the
    /// frame's motion can go to the engine as it is.
    /// </summary>
    public CameraIntrinsics? Intrinsics { get; set; }

    /// <summary>
    /// Build the motion of the middle row's exposure when the window carries a rolling-shutter
    /// readout time (<see cref="ExposureWindow.MiddleRow"/>). Off only to compare against a
    /// global-shutter assumption.
    /// </summary>
    public bool HonourReadout { get; set; } = true;

    /// <summary>
    /// The longest step between two samples the builder bridges by interpolation. A longer one
    /// inside the window makes the frame's quality None: across 25 ms, half a typical exposure,
    /// a straight line between two samples says little about how the camera moved.
    /// </summary>
    public TimeSpan MaxBridgedGap { get; set; } = TimeSpan.FromMilliseconds(25);

    public void Validate()
    {
        if (RotationCount is < 1 or > MaxRotationCount)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"FrameMotionOptions.RotationCount is {RotationCount}; it must be M from the model's manifest, 1 to {MaxRotationCount}."), nameof(RotationCount));
        if (Intrinsics is null)
            throw new ArgumentException("FrameMotionOptions.Intrinsics is not set; it must be the camera's intrinsics in pixels of the camera's frames (from the camera calibration).", nameof(Intrinsics));
        if (MaxBridgedGap <= TimeSpan.Zero)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"FrameMotionOptions.MaxBridgedGap is {MaxBridgedGap}; it must be positive, e.g. 25 ms."), nameof(MaxBridgedGap));
    }
}
