using System.Diagnostics.CodeAnalysis;

namespace GyroEdge.Hardware.Frames;

/// <summary>
/// Where frames come from: a V4L2 camera (<see cref="V4l2FrameSource"/>), a recording
/// (<see cref="RecordingFrameSource"/>) or a simulation (<see cref="SimulatedFrameSource"/>).
/// Frames arrive in pooled buffers; the consumer disposes each one when done with it.
/// One thread reads a source.
/// </summary>
public interface IFrameSource : IDisposable
{
    /// <summary>How messages name the source, e.g. "/dev/video0 (uvcvideo)".</summary>
    string Name { get; }

    /// <summary>The layout every frame has.</summary>
    FrameFormat Format { get; }

    /// <summary>What the frames' timestamps mark.</summary>
    FrameTimestampSource TimestampSource { get; }

    /// <summary>Frames lost before reaching the consumer: the driver's sequence gaps, and frames dropped because no pooled buffer was free.</summary>
    long DroppedFrames { get; }

    /// <summary>True once a finite source (a recording) has delivered its last frame.</summary>
    bool IsFinished { get; }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the next frame. False when none came in time
    /// (or the source is finished, or the frame had to be dropped for want of a buffer).
    /// </summary>
    bool TryReadFrame(TimeSpan timeout, [NotNullWhen(true)] out FrameBuffer? frame);
}
