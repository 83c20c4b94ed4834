using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// The figures of one pipeline run: what came in, went out and was dropped, which model ran, the
/// gyro, and latencies (median and 99th percentile over the kept frames). What `bench pipeline`
/// prints and writes, and what the demo summarises.
/// </summary>
public sealed record PipelineReport
{
    public long FramesIn { get; init; }

    /// <summary>Frames stored in the outbox (deblur mode).</summary>
    public long FramesOut { get; init; }

    /// <summary>Frames dropped anywhere: oldest first when a stage fell behind, or by the camera for want of a buffer.</summary>
    public long FramesDropped { get; init; }

    public long FramesRecorded { get; init; }

    /// <summary>Sequence of the newest frame taken from the camera (-1: none).</summary>
    public long LastFrameIn { get; init; } = -1;

    /// <summary>Sequence of the newest frame stored in the outbox (-1: none).</summary>
    public long LastFrameOut { get; init; } = -1;

    /// <summary>The most frames the camera was ahead of a frame when the engine took it up.</summary>
    public long MostFramesBehind { get; init; }

    public long RecorderDropped { get; init; }

    /// <summary>Frames the gyro model deblurred.</summary>
    public long GyroFrames { get; init; }

    /// <summary>Frames the blind twin deblurred (no usable gyro).</summary>
    public long BlindFrames { get; init; }

    /// <summary>Gyro samples read from the IMU; every one went into the gyro stream.</summary>
    public long ImuSamples { get; init; }

    /// <summary>Samples the chip lost (FIFO overflow, unplugged), as the driver counted them.</summary>
    public long ImuSamplesLost { get; init; }

    /// <summary>Samples the gyro stream accepted.</summary>
    public long GyroStreamSamples { get; init; }

    public double WallSeconds { get; init; }

    /// <summary>Process CPU time over wall time: 1.0 is one core busy.</summary>
    public double Cpu { get; init; }

    /// <summary>From a frame leaving the camera source to its JPEG stored in the outbox.</summary>
    public double LatencyMsMedian { get; init; }

    public double LatencyMsP99 { get; init; }

    /// <summary>Median milliseconds per stage: motion (incl. waiting for the gyro), inference, encode, publish.</summary>
    public IReadOnlyDictionary<string, double> StageLatencyMsMedian { get; init; } = new Dictionary<string, double>();

    public string Provider { get; init; } = "";

    /// <summary>/healthz's summary at the end of the run.</summary>
    public string Health { get; init; } = "";

    public int OutboxDepth { get; init; }

    public static PipelineReport From(PipelineContext context, InferenceStage? inference, OutboxStage? outbox, double wallSeconds, double cpuSeconds)
    {
        ArgumentNullException.ThrowIfNull(context);
        var metrics = context.Metrics;
        var latencies = context.Latencies;
        return new PipelineReport
        {
            FramesIn = metrics.FramesIn.Value,
            FramesOut = metrics.FramesOut.Value,
            FramesDropped = metrics.FramesDropped.Value,
            FramesRecorded = context.FramesRecorded.Value,
            LastFrameIn = context.Marks.LastIn,
            LastFrameOut = context.Marks.LastOut,
            MostFramesBehind = context.Marks.MostBehind,
            RecorderDropped = context.RecorderDropped.Value,
            GyroFrames = context.GyroFrames.Value,
            BlindFrames = context.BlindFrames.Value,
            ImuSamples = context.ImuSamples.Value,
            ImuSamplesLost = metrics.ImuSamplesLost.Value,
            GyroStreamSamples = context.Gyro.Count,
            WallSeconds = wallSeconds,
            Cpu = wallSeconds > 0 ? cpuSeconds / wallSeconds : 0,
            LatencyMsMedian = latencies.Quantile(LatencyMeasure.EndToEnd, 0.5),
            LatencyMsP99 = latencies.Quantile(LatencyMeasure.EndToEnd, 0.99),
            StageLatencyMsMedian = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["motion"] = latencies.Quantile(LatencyMeasure.Motion, 0.5),
                ["inference"] = latencies.Quantile(LatencyMeasure.Inference, 0.5),
                ["encode"] = latencies.Quantile(LatencyMeasure.Encode, 0.5),
                ["publish"] = latencies.Quantile(LatencyMeasure.Publish, 0.5),
            },
            Provider = inference?.Engine?.Provider ?? "",
            Health = context.Health.Snapshot().Summary,
            OutboxDepth = outbox?.Link?.Outbox.Depth ?? 0,
        };
    }

    public string Describe()
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(culture, $"frames: {FramesIn} in, {FramesOut} out, {FramesDropped} dropped ({GyroFrames} gyro model, {BlindFrames} blind), {FramesRecorded} recorded over {WallSeconds:0.0} s");
        text.AppendLine(culture, $"gyro: {ImuSamples} samples read, {ImuSamplesLost} lost by the chip");
        var stages = string.Join(", ", StageLatencyMsMedian.Select(s => string.Create(culture, $"{s.Key} {s.Value:0.00} ms")));
        text.AppendLine(culture, $"latency: median {LatencyMsMedian:0.0} ms, p99 {LatencyMsP99:0.0} ms (camera to outbox); per stage median {stages}");
        text.Append(culture, $"cpu: {Cpu:P0} of one core; provider {(Provider.Length == 0 ? "none" : Provider)}; health {Health}");
        return text.ToString();
    }

    /// <summary>The report as JSON (snake_case keys: frames_in, frames_out, dropped, latency_ms_median, latency_ms_p99, cpu, ...); NaN latencies (no frame out) are null.</summary>
    public byte[] ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("frames_in", FramesIn);
            json.WriteNumber("frames_out", FramesOut);
            json.WriteNumber("dropped", FramesDropped);
            json.WriteNumber("recorded", FramesRecorded);
            json.WriteNumber("recorder_dropped", RecorderDropped);
            json.WriteNumber("gyro_frames", GyroFrames);
            json.WriteNumber("blind_frames", BlindFrames);
            json.WriteNumber("imu_samples", ImuSamples);
            json.WriteNumber("imu_samples_lost", ImuSamplesLost);
            Number(json, "latency_ms_median", LatencyMsMedian);
            Number(json, "latency_ms_p99", LatencyMsP99);
            json.WriteStartObject("stage_latency_ms_median");
            foreach (var (stage, ms) in StageLatencyMsMedian)
                Number(json, stage, ms);
            json.WriteEndObject();
            json.WriteNumber("cpu", Cpu);
            json.WriteNumber("wall_seconds", WallSeconds);
            json.WriteString("provider", Provider);
            json.WriteString("health", Health);
            json.WriteNumber("outbox_depth", OutboxDepth);
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
            json.WriteNumber(name, Math.Round(value, 3));
        else
            json.WriteNull(name);
    }
}
