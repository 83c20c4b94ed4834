using GyroEdge.Domain.Time;

namespace GyroEdge.Hardware.Frames;

/// <summary>How a recording is replayed.</summary>
public sealed class RecordingReplayOptions
{
    /// <summary>
    /// Deliver each frame when this clock has advanced by the recorded time since the first
    /// frame (real-time replay); null delivers frames as fast as they are asked for. Frames keep
    /// their recorded timestamps either way, so they still line up with the recorded gyro.
    /// </summary>
    public IMonotonicClock? PaceClock { get; set; }

    /// <summary>Pooled frame buffers: frames the consumer may hold at once.</summary>
    public int PoolFrames { get; set; } = 4;

    /// <summary>The camera's rolling-shutter readout time (from session.json), attached to every frame's exposure.</summary>
    public long ReadoutNs { get; set; }
}
