namespace GyroEdge.Messaging.Fleet;

/// <summary>How a frame was deblurred.</summary>
public enum FrameKind
{
    /// <summary>By the gyro model, with the camera's measured rotation over the exposure.</summary>
    Gyro,

    /// <summary>By the gyro-free twin (no usable gyro for this frame).</summary>
    Blind,
}

/// <summary>
/// Everything a fleet consumer learns about one published frame. On the wire it travels twice with
/// the same field names (<see cref="FrameMetadataFields"/> is the one definition): as MQTT 5 user
/// properties of the <c>frame</c> message and as the JSON of <c>frame/meta</c>.
/// </summary>
public sealed record FrameMetadata
{
    public required string DeviceId { get; init; }

    /// <summary>The daemon's frame counter. Restarts with the daemon; use <see cref="Uid"/> to tell frames apart.</summary>
    public required long FrameId { get; init; }

    /// <summary>
    /// Unique across restarts and devices' runs: consumers drop a second copy of the same uid (the
    /// outbox delivers at least once). Empty: the publisher assigns "{run id}-{frame id}".
    /// </summary>
    public string Uid { get; init; } = "";

    /// <summary>Exposure start, CLOCK_MONOTONIC nanoseconds on the device.</summary>
    public long ExposureStartNs { get; init; }

    /// <summary>Exposure end, CLOCK_MONOTONIC nanoseconds on the device.</summary>
    public long ExposureEndNs { get; init; }

    /// <summary>Wall-clock time when the frame was handed to the publisher (UTC); the only wall-clock field.</summary>
    public DateTimeOffset WallClock { get; init; }

    public string ModelName { get; init; } = "";
    public string ModelVersion { get; init; } = "";

    /// <summary>The ONNX Runtime execution provider that ran the model: TensorRT, CUDA or CPU.</summary>
    public string Provider { get; init; } = "";

    public FrameKind Kind { get; init; }

    /// <summary>"good", "degraded" or "none" (DESIGN.md: gyro_quality).</summary>
    public string GyroQuality { get; init; } = "good";

    /// <summary>Milliseconds per pipeline stage, e.g. motion, infer, encode. Stage names: lower-case letters, digits, '_'.</summary>
    public IReadOnlyDictionary<string, double> StageLatenciesMs { get; init; } = EmptyLatencies;

    public int Width { get; init; }
    public int Height { get; init; }

    /// <summary>JPEG quality the frame was encoded at (100 for a snapshot).</summary>
    public int JpegQuality { get; init; }

    /// <summary>Published at full quality because a snapshot command asked for it.</summary>
    public bool IsSnapshot { get; init; }

    private static readonly Dictionary<string, double> EmptyLatencies = [];
}
