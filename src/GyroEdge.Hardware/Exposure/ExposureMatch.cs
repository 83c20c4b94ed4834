using GyroEdge.Domain.Camera;

namespace GyroEdge.Hardware.Exposure;

/// <summary>A frame and its exposure.</summary>
/// <param name="Exposure">The strobe window, its <see cref="ExposureWindow.FrameId"/> now the frame's sequence.</param>
/// <param name="FrameSequence">The camera's frame counter.</param>
/// <param name="FrameTimestampNs">The frame's buffer timestamp.</param>
/// <param name="StrobeIndex">The strobe's own count for this window (<see cref="StrobeDecoder"/>).</param>
public readonly record struct ExposureMatch(ExposureWindow Exposure, long FrameSequence, long FrameTimestampNs, long StrobeIndex);
