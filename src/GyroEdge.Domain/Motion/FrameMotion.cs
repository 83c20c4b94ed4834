using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Gyro;

namespace GyroEdge.Domain.Motion;

/// <summary>
/// What <see cref="FrameMotionBuilder"/> says about one frame besides its rotations (which go
/// into the caller's buffer): the quality and why, the window the rotations span (camera time,
/// the middle row's exposure when a readout time is set) and the intrinsics the model gets.
/// </summary>
/// <param name="FrameId">The exposure window's frame id.</param>
/// <param name="Quality">Good, Degraded or None (identity rotations).</param>
/// <param name="Issues">Why the quality is not Good.</param>
/// <param name="WindowStartNs">Start of the window the rotations span.</param>
/// <param name="WindowEndNs">End of the window the rotations span.</param>
/// <param name="SampleCount">Gyro samples used, including the one before and the one after the window.</param>
/// <param name="Intrinsics">The camera's intrinsics, for the model's <c>intrinsics</c> input.</param>
public readonly record struct FrameMotion(
    long FrameId,
    GyroQuality Quality,
    GyroQualityIssues Issues,
    long WindowStartNs,
    long WindowEndNs,
    int SampleCount,
    CameraIntrinsics Intrinsics);
