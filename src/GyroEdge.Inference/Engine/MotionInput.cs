using GyroEdge.Domain.Camera;

namespace GyroEdge.Inference.Engine;

/// <summary>
/// The gyro model's motion inputs for one frame, in the model contract's terms: M rotation matrices (row-major 3x3
/// each, M * 9 floats) at evenly spaced instants across the exposure relative to mid-exposure, in
/// camera axes (x right, y down, z forward), and the intrinsics in pixels of the frame as the
/// camera delivered it (the engine rescales them when it resizes). A producer may keep one
/// instance per frame slot and refill its arrays, so no frame allocates.
/// </summary>
/// <remarks>
/// Not GyroEdge.Domain.Motion.FrameMotion, which is the frame-motion builder's report (quality,
/// issues, window, sample count) about the rotations it wrote into the caller's buffer: the
/// host builds this from that buffer and the report's <c>Intrinsics</c>.
/// </remarks>
public sealed record MotionInput(ReadOnlyMemory<float> Rotations, CameraIntrinsics Intrinsics)
{
    /// <summary>M, the number of rotations held.</summary>
    public int RotationCount => Rotations.Length / 9;
}
