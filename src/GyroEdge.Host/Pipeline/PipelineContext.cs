using System.Threading.Channels;
using GyroEdge.Domain.Calibration;
using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Gyro;
using GyroEdge.Hardware.Frames;
using GyroEdge.Host.Configuration;
using GyroEdge.Host.Health;
using GyroEdge.Host.Health.Metrics;
using GyroEdge.Host.Systemd;
using GyroEdge.Inference.Models;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// What the stages share, made once before the host starts: the validated settings, the frame
/// geometry, the gyro stream (one producer, the gyro stage; one reader, the motion stage), the
/// bounded channels between the stages with their drop accounting, the pools, and where health,
/// metrics and latencies are reported.
/// </summary>
public sealed class PipelineContext
{
    /// <summary>Strobe windows waiting for their frames: a second of them at any sane frame rate.</summary>
    private const int WindowQueue = 64;

    /// <summary>Frames waiting for the motion stage, which waits a few ms for the gyro to cover each.</summary>
    private const int MotionQueue = 4;

    /// <summary>Deblurred frames waiting for the encoder, and JPEGs waiting for the outbox.</summary>
    private const int OutputQueue = 2;

    public PipelineContext(
        GyroEdgeSettings settings,
        FrameFormat cameraFormat,
        CameraIntrinsics intrinsics,
        ImuCalibration calibration,
        ModelPackage? gyroModel,
        ModelPackage? blindModel,
        SystemdNotifier notifier)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(notifier);
        Settings = settings;
        Mode = SettingValues.ParseMode(settings.Mode) ?? PipelineMode.Deblur;
        CameraFormat = cameraFormat;
        Intrinsics = intrinsics;
        Calibration = calibration;
        GyroModel = gyroModel;
        BlindModel = blindModel;
        Notifier = notifier;
        Controls.JpegQuality = settings.Mqtt.JpegQuality;
        Controls.InferenceDelay = TimeSpan.FromMilliseconds(settings.Simulation.InferenceDelayMs);

        Metrics = new PipelineMetrics(new MetricsRegistry());
        RecorderDropped = Metrics.Registry.Counter("gyroedge_recorder_frames_dropped_total", "Frames the recorder could not keep up with (oldest waiting frame first).");
        FramesRecorded = Metrics.Registry.Counter("gyroedge_recorder_frames_total", "Frames written to recordings.");
        GyroFrames = Metrics.Registry.Counter("gyroedge_frames_deblurred_total", "Frames deblurred, by the model that ran.", new KeyValuePair<string, string>("model", "gyro"));
        BlindFrames = Metrics.Registry.Counter("gyroedge_frames_deblurred_total", "Frames deblurred, by the model that ran.", new KeyValuePair<string, string>("model", "blind"));
        ImuSamples = Metrics.Registry.Counter("gyroedge_imu_samples_total", "Gyro samples read from the IMU (every one reaches the gyro stream, and the recorder in record mode).");

        RotationCount = gyroModel?.Manifest.RotationCount ?? 9;
        Tickets = new FrameTicketPool(settings.Pipeline.FramePool, RotationCount, intrinsics);
        Gyro = new GyroStream(
            new GyroStreamOptions { NominalRateHz = settings.Imu.OdrHz, History = settings.Pipeline.GyroHistory },
            calibration);

        Windows = Channel.CreateBounded<ExposureWindow>(
            new BoundedChannelOptions(WindowQueue) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });
        Frames = FrameChannel(MotionQueue);
        Inference = FrameChannel(settings.Pipeline.InferenceQueue);
        RecorderFrames = Channel.CreateBounded<FrameTicket>(
            new BoundedChannelOptions(settings.Pipeline.RecorderQueue) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            dropped =>
            {
                dropped.Release();
                RecorderDropped.Increment();
            });
        // Every sample the IMU delivered reaches the recorder: unbounded by design, one pooled
        // array per FIFO read. A recorder that falls behind grows this queue rather than lose gyro.
        GyroBatches = Channel.CreateUnbounded<GyroBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        Encode = OutputChannel();
        Outbox = OutputChannel();
    }

    public GyroEdgeSettings Settings { get; }

    public PipelineMode Mode { get; }

    public bool Deblurs => Mode.HasFlag(PipelineMode.Deblur);

    public bool Records => Mode.HasFlag(PipelineMode.Record);

    /// <summary>The camera's frames (width, height, pixel format), as the source delivers them.</summary>
    public FrameFormat CameraFormat { get; }

    public CameraIntrinsics Intrinsics { get; }

    public ImuCalibration Calibration { get; }

    public ModelPackage? GyroModel { get; }

    public ModelPackage? BlindModel { get; }

    /// <summary>M of the gyro model's manifest (9 when no model runs).</summary>
    public int RotationCount { get; }

    public SystemdNotifier Notifier { get; }

    public HealthState Health { get; } = new();

    public PipelineMetrics Metrics { get; }

    public Counter RecorderDropped { get; }

    public Counter FramesRecorded { get; }

    public Counter GyroFrames { get; }

    public Counter BlindFrames { get; }

    public Counter ImuSamples { get; }

    public LatencyLog Latencies { get; } = new();

    /// <summary>The newest frame taken from the camera and the newest stored in the outbox (-1 before any): after a stop they are equal when drops took older frames, never the newest.</summary>
    public FrameMarks Marks { get; } = new();

    public PipelineFailures Failures { get; } = new();

    public RuntimeControls Controls { get; } = new();

    public FrameTicketPool Tickets { get; }

    /// <summary>Calibrated gyro in camera axes and camera time, for the motion stage.</summary>
    public GyroStream Gyro { get; }

    /// <summary>Set by the gyro stage after each batch and by the exposure stage after each window: wakes the motion stage.</summary>
    public WakeSignal MotionWake { get; } = new();

    public Channel<ExposureWindow> Windows { get; }

    /// <summary>Frames from the camera to the motion stage.</summary>
    public Channel<FrameTicket> Frames { get; }

    /// <summary>Frames with their motion, waiting for the engine: where frames are dropped oldest first when inference falls behind.</summary>
    public Channel<FrameTicket> Inference { get; }

    public Channel<FrameTicket> RecorderFrames { get; }

    public Channel<GyroBatch> GyroBatches { get; }

    public Channel<DeblurredFrame> Encode { get; }

    public Channel<DeblurredFrame> Outbox { get; }

    private Channel<FrameTicket> FrameChannel(int capacity) =>
        Channel.CreateBounded<FrameTicket>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            dropped =>
            {
                // The oldest waiting frame gives way to the newest; its buffer goes back to the camera.
                dropped.Release();
                Metrics.FramesDropped.Increment();
            });

    private Channel<DeblurredFrame> OutputChannel() =>
        Channel.CreateBounded<DeblurredFrame>(
            new BoundedChannelOptions(OutputQueue) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            dropped =>
            {
                dropped.Release();
                Metrics.FramesDropped.Increment();
            });
}

/// <summary>Sequence numbers of the newest frame in and out, updated with plain interlocked stores.</summary>
public sealed class FrameMarks
{
    private long _lastIn = -1;
    private long _lastOut = -1;
    private long _mostBehind;

    public long LastIn => Interlocked.Read(ref _lastIn);

    public long LastOut => Interlocked.Read(ref _lastOut);

    /// <summary>
    /// The most frames the camera was ahead of a frame when the engine took it up. Dropping the
    /// oldest keeps this at about the inference queue's length however slow the engine is;
    /// keeping old frames would let it grow with the engine's slowness.
    /// </summary>
    public long MostBehind => Interlocked.Read(ref _mostBehind);

    /// <summary>The engine took up frame <paramref name="sequence"/>.</summary>
    public void Picked(long sequence)
    {
        var behind = LastIn - sequence;
        long seen;
        while (behind > (seen = Interlocked.Read(ref _mostBehind)) && Interlocked.CompareExchange(ref _mostBehind, behind, seen) != seen)
        {
        }
    }

    public void In(long sequence) => Interlocked.Exchange(ref _lastIn, sequence);

    public void Out(long sequence) => Interlocked.Exchange(ref _lastOut, sequence);
}
