using System.Buffers;
using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Imu;
using GyroEdge.Hardware.Linux.Scheduling;
using Microsoft.Extensions.Logging;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// The IMU reader: drains the chip's FIFO on its own thread (real-time scheduled when allowed)
/// into the gyro stream, and in record mode hands every sample to the recorder. The gyro is never
/// dropped here: the only lost samples are those the chip itself lost (FIFO overflow, unplugged),
/// which the driver counts. When the chip stops answering the driver probes it and re-initialises
/// it in place; meanwhile frames go on through the blind model and health says degraded.
/// </summary>
public sealed class GyroStage : Stage
{
    /// <summary>SCHED_FIFO priority of the reader: above ordinary threads, below the kernel's threaded IRQ handlers (50).</summary>
    public const int ReaderPriority = 20;

    private readonly IPipelineDevices _devices;
    private IImu? _imu;
    private long _lastSampleNs;
    private long _samplesLostSeen;

    public GyroStage(PipelineContext context, IPipelineDevices devices, ILogger<GyroStage> logger)
        : base("gyro", context, logger)
    {
        _devices = devices;
    }

    /// <summary>The driver; null before start.</summary>
    public IImu? Imu => _imu;

    /// <summary>When the last sample was read (host CLOCK_MONOTONIC ns), 0 before the first.</summary>
    public long LastSampleNs => Interlocked.Read(ref _lastSampleNs);

    /// <summary>Whether the reader is known to get nothing: the driver reports the chip unavailable.</summary>
    public bool IsUnavailable => _imu?.State == ImuState.Unavailable;

    /// <summary>Whether the reader thread runs under SCHED_FIFO, and why (not).</summary>
    public (bool Realtime, string Reason) Scheduling { get; private set; } = (false, "not started");

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _imu = _devices.OpenImu();
        _imu.StartStreaming();
        PipelineLog.ImuOpened(Logger, _imu.Description, _imu.OutputDataRateHz);
        Context.Health.Report(Name, Health.HealthLevel.Healthy);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override bool DrainsOnStop => false;

    private protected override Task RunAsync(CancellationToken stopping) => RunOnThread("gyro-reader", () => Read(stopping));

    private protected override void CompleteOutputs() => Context.GyroBatches.Writer.TryComplete();

    public override void Dispose()
    {
        if (_imu is { } imu)
        {
            try
            {
                imu.StopStreaming();
            }
            catch (IOException)
            {
                // The chip may be gone (unplugged); stopping it is a courtesy.
            }
            imu.Dispose();
            _imu = null;
        }
        base.Dispose();
    }

    private void Read(CancellationToken stopping)
    {
        var imu = _imu!;
        var realtime = Context.Settings.Imu.Realtime.Trim().ToLowerInvariant();
        if (realtime != "off")
        {
            var granted = RealtimeScheduling.TryEnterFifo(ReaderPriority, out var why);
            Scheduling = (granted, why);
            if (!granted && realtime == "on")
                throw new InvalidOperationException($"Imu:Realtime is \"on\", but {why.TrimEnd('.')}. Grant CAP_SYS_NICE (LimitRTPRIO= in the unit) or set Imu:Realtime to \"auto\".");
            PipelineLog.ImuScheduling(Logger, granted ? "SCHED_FIFO" : "normal", why);
        }

        var samples = new ImuSample[1024];
        var stream = Context.Gyro;
        var records = Context.Records;
        var batches = Context.GyroBatches.Writer;
        var wait = TimeSpan.FromMilliseconds(50);
        while (!stopping.IsCancellationRequested)
        {
            Progress.Enter();
            imu.WaitForSamples(wait);
            var count = imu.ReadSamples(samples);
            if (count > 0)
            {
                for (var i = 0; i < count; i++)
                    stream.Append(samples[i].ToGyroSample());
                Interlocked.Exchange(ref _lastSampleNs, SystemMonotonicClock.Instance.NowNs);
                Context.ImuSamples.Increment(count);
                if (records)
                {
                    var batch = ArrayPool<ImuSample>.Shared.Rent(count);
                    samples.AsSpan(0, count).CopyTo(batch);
                    batches.TryWrite(new GyroBatch(batch, count));
                }
                Context.MotionWake.Set();
            }
            var lost = imu.Statistics.SamplesLost;
            if (lost > _samplesLostSeen)
            {
                Context.Metrics.ImuSamplesLost.Increment(lost - _samplesLostSeen);
                _samplesLostSeen = lost;
            }
            Progress.Leave();
        }
    }
}
