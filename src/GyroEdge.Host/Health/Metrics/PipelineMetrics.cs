namespace GyroEdge.Host.Health.Metrics;

/// <summary>The pipeline stages whose latency is measured, in the order a frame passes them (DESIGN.md, "Data flow on the device").</summary>
public enum PipelineStage
{
    Motion,
    Inference,
    Encode,
    Publish,
}

/// <summary>
/// The daemon's metrics, created once: the host hands the series to the stages, which update
/// them per frame or per sample without allocating.
/// </summary>
public sealed class PipelineMetrics
{
    /// <summary>Seconds: 1 ms to 1 s, dense around a 30 fps frame budget (33 ms).</summary>
    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.033, 0.05, 0.1, 0.25, 0.5, 1];

    private readonly Histogram[] _stageLatency;

    public PipelineMetrics(MetricsRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Registry = registry;
        FramesIn = registry.Counter("gyroedge_frames_in_total", "Frames received from the camera.");
        FramesOut = registry.Counter("gyroedge_frames_out_total", "Deblurred frames handed to the outbox.");
        FramesDropped = registry.Counter("gyroedge_frames_dropped_total", "Frames dropped because inference fell behind (oldest waiting frame first).");
        _stageLatency = [.. Enum.GetValues<PipelineStage>().Select(stage => registry.Histogram(
            "gyroedge_stage_latency_seconds", "Time a frame spends in each pipeline stage.", LatencyBuckets,
            new KeyValuePair<string, string>("stage", stage.ToString().ToLowerInvariant())))];
        ImuRate = registry.Gauge("gyroedge_imu_rate_hz", "Gyro samples per second over the last measurement window.");
        ImuSamplesLost = registry.Counter("gyroedge_imu_samples_lost_total", "Gyro samples lost (FIFO overflow or gaps in the sample counter).");
        OutboxDepth = registry.Gauge("gyroedge_outbox_frames", "Frames waiting in the outbox for a PUBACK.");
        OutboxBytes = registry.Gauge("gyroedge_outbox_bytes", "Bytes the outbox holds on disk.");
        OutboxEvictions = registry.Counter("gyroedge_outbox_evictions_total", "Frames evicted from the outbox because its byte budget was reached.");
        Model = registry.Info("gyroedge_model_info", "The model and execution provider the engine runs (value always 1).",
            new("provider", "none"), new("model", "none"), new("version", "none"));
    }

    public MetricsRegistry Registry { get; }

    public Counter FramesIn { get; }

    public Counter FramesOut { get; }

    public Counter FramesDropped { get; }

    public Gauge ImuRate { get; }

    public Counter ImuSamplesLost { get; }

    public Gauge OutboxDepth { get; }

    public Gauge OutboxBytes { get; }

    public Counter OutboxEvictions { get; }

    public Info Model { get; }

    public Histogram StageLatency(PipelineStage stage) => _stageLatency[(int)stage];

    /// <summary>Records which model runs on which provider, e.g. after a fallback from TensorRT to CUDA.</summary>
    public void SetModel(string provider, string model, string version) =>
        Model.Set(new("provider", provider), new("model", model), new("version", version));
}
