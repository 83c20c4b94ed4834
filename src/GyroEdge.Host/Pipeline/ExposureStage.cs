using GyroEdge.Domain.Camera;
using GyroEdge.Hardware.Exposure;
using GyroEdge.Hardware.Gpio;
using Microsoft.Extensions.Logging;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// Reads the camera's exposure strobe on its own thread and turns its edges into exposure windows
/// (StrobeExposureReader), which the motion stage pairs with frames. Without a strobe the stage
/// does nothing and frames use the exposure their source knows (replay and simulation).
/// </summary>
public sealed class ExposureStage : Stage
{
    private readonly IPipelineDevices _devices;
    private StrobeExposureReader? _reader;

    public ExposureStage(PipelineContext context, IPipelineDevices devices, ILogger<ExposureStage> logger)
        : base("exposure", context, logger)
    {
        _devices = devices;
    }

    /// <summary>The reader, for its counts (lost edges); null without a strobe.</summary>
    public StrobeExposureReader? Reader => _reader;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Context.Settings.Strobe.Enabled && _devices.OpenStrobe() is { } line)
        {
            _reader = new StrobeExposureReader(line, StrobeOptions());
            PipelineLog.StrobeOpened(Logger, line.Name);
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override bool DrainsOnStop => false;

    private protected override Task RunAsync(CancellationToken stopping) =>
        _reader is null ? Task.CompletedTask : RunOnThread("exposure-strobe", () => Read(stopping));

    private protected override void CompleteOutputs() => Context.Windows.Writer.TryComplete();

    public override void Dispose()
    {
        _reader?.Dispose();
        _reader = null;
        base.Dispose();
    }

    private ExposureStrobeOptions StrobeOptions()
    {
        var strobe = Context.Settings.Strobe;
        return new ExposureStrobeOptions
        {
            Mode = strobe.Mode.Trim().ToLowerInvariant() switch
            {
                "start" => StrobeMode.StartEdgePlusExposureTime,
                "end" => StrobeMode.EndEdgeMinusExposureTime,
                _ => StrobeMode.StartAndEndEdges,
            },
            StartEdge = strobe.Edge.Trim().Equals("falling", StringComparison.OrdinalIgnoreCase) ? GpioEdge.Falling : GpioEdge.Rising,
            ExposureTimeNs = strobe.ExposureNs,
            ReadoutNs = Context.Settings.Camera.ReadoutNs,
            TimestampOffsetNs = strobe.TimestampOffsetNs,
            EdgesPerExposure = strobe.Mode.Trim().Equals("both", StringComparison.OrdinalIgnoreCase) ? 2 : 1,
        };
    }

    private void Read(CancellationToken stopping)
    {
        var windows = new ExposureWindow[16];
        var writer = Context.Windows.Writer;
        var wait = TimeSpan.FromMilliseconds(100);
        while (!stopping.IsCancellationRequested)
        {
            Progress.Enter();
            var count = _reader!.ReadWindows(windows, wait);
            for (var i = 0; i < count; i++)
                writer.TryWrite(windows[i]);
            if (count > 0)
                Context.MotionWake.Set();
            Progress.Leave();
        }
    }
}
