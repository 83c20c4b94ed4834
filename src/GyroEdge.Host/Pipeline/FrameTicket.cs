using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Gyro;
using GyroEdge.Domain.Motion;
using GyroEdge.Hardware.Frames;
using GyroEdge.Inference.Engine;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// One camera frame on its way through the pipeline: the pooled pixel buffer, when it was
/// exposed, its motion (rotations in a buffer owned by the ticket) and the times it passed the
/// stages. Tickets are pooled (<see cref="FrameTicketPool"/>) and reference-counted, because in
/// record-and-deblur mode the recorder and the engine both read the same pixels; the last
/// <see cref="Release"/> gives the pixel buffer back to the camera's pool. Nothing is allocated
/// per frame.
/// </summary>
public sealed class FrameTicket
{
    private readonly FrameTicketPool _pool;
    private readonly MotionInput _cameraMotionInput;
    private int _references;

    internal FrameTicket(FrameTicketPool pool, int rotationCount, CameraIntrinsics intrinsics)
    {
        _pool = pool;
        Rotations = new float[rotationCount * 9];
        _cameraMotionInput = new MotionInput(Rotations, intrinsics);
        MotionInput = _cameraMotionInput;
    }

    /// <summary>The pixels; valid until the last release.</summary>
    public FrameBuffer Buffer { get; private set; } = null!;

    /// <summary>The pipeline's frame number (the camera's sequence, or the replay's running count).</summary>
    public long Sequence { get; private set; }

    /// <summary>The frame's timestamp, CLOCK_MONOTONIC ns; what it marks is <see cref="TimestampSource"/>.</summary>
    public long TimestampNs { get; private set; }

    public FrameTimestampSource TimestampSource { get; private set; }

    /// <summary>The exposure the source knows (replay, simulation); null for a camera.</summary>
    public ExposureWindow? SourceExposure { get; private set; }

    /// <summary>The exposure used for motion: the strobe's window, or the source's.</summary>
    public ExposureWindow Exposure { get; internal set; }

    /// <summary>Whether <see cref="Exposure"/> is known; false when no window matched (the frame goes on with quality none).</summary>
    public bool HasExposure { get; internal set; }

    /// <summary>What the motion builder said about the frame; its quality chooses the model.</summary>
    public FrameMotion Motion { get; internal set; }

    public GyroQuality Quality => HasExposure ? Motion.Quality : GyroQuality.None;

    /// <summary>M row-major 3x3 rotations, written by the motion stage.</summary>
    public float[] Rotations { get; }

    /// <summary>
    /// The engine's view of <see cref="Rotations"/> and the frame's intrinsics: built once with the
    /// camera's; only a replayed synthetic recording, whose frames carry their own, gets a new one
    /// when they change (a small record per frame, never on a camera).
    /// </summary>
    public MotionInput MotionInput { get; private set; }

    /// <summary>When the frame stage took the frame from the source, CLOCK_MONOTONIC ns.</summary>
    public long CapturedNs { get; private set; }

    /// <summary>When the motion stage finished with it.</summary>
    public long MotionDoneNs { get; internal set; }

    internal void Fill(FrameBuffer buffer, long sequence, long timestampNs, FrameTimestampSource source, ExposureWindow? exposure, long capturedNs,
                       CameraIntrinsics? ownIntrinsics = null)
    {
        if (ownIntrinsics is not { } own)
            MotionInput = _cameraMotionInput;
        else if (MotionInput.Intrinsics != own)
            MotionInput = _cameraMotionInput with { Intrinsics = own };
        Buffer = buffer;
        Sequence = sequence;
        TimestampNs = timestampNs;
        TimestampSource = source;
        SourceExposure = exposure;
        CapturedNs = capturedNs;
        HasExposure = false;
        Exposure = default;
        Motion = default;
        MotionDoneNs = 0;
        Volatile.Write(ref _references, 1);
    }

    /// <summary>One more holder (the recorder beside the engine); each holder releases once.</summary>
    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>Drops one hold; the last one returns the pixels to the camera and the ticket to its pool.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left > 0)
            return;
        if (left < 0)
            throw new InvalidOperationException($"Frame {Sequence} was released more often than it was held: a stage released a frame it had handed on.");
        var buffer = Buffer;
        Buffer = null!;
        buffer.Dispose();
        _pool.Return(this);
    }
}
