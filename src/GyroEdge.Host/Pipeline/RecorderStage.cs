using System.Buffers;
using System.Reflection;
using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Imu;
using GyroEdge.Host.Configuration;
using GyroEdge.Host.Recording;
using GyroEdge.Imaging.Pixels;
using Microsoft.Extensions.Logging;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// Record mode: writes every gyro sample and the frames with their exposure windows into
/// recordings (Recording/FieldRecorder: temporary names, fsync and rename, session rotation, disk
/// budget). A full disk or a spent budget stops recording with a status (health: recorder failed)
/// and the frames keep flowing; nothing throws into the pipeline. On stop the queued frames and
/// samples are written and the session is closed, so its files are complete.
/// </summary>
public sealed class RecorderStage : Stage
{
    private static readonly string SoftwareVersion =
        "gyroedge " + (typeof(RecorderStage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");

    private FieldRecorder? _recorder;
    private byte[]? _rgb;
    private float[]? _planes;

    public RecorderStage(PipelineContext context, ILogger<RecorderStage> logger)
        : base("recorder", context, logger)
    {
    }

    /// <summary>Where recording stands (null outside record mode): the supervisor reports it to /healthz and STATUS=.</summary>
    public RecorderStatus? Status => _recorder?.Status;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Context.Records)
        {
            var settings = Context.Settings.Recording;
            _recorder = new FieldRecorder(new FieldRecorderOptions
            {
                Root = settings.Directory,
                RotateAfterFrames = settings.SessionFrames,
                RotateAfter = settings.SessionLength,
                DiskBudgetBytes = settings.DiskBudgetBytes,
                WhenBudgetReached = SettingValues.ParseBudgetPolicy(settings.WhenBudgetReached) ?? DiskBudgetPolicy.DeleteOldestSessions,
                SyncInterval = settings.SyncInterval,
            }, Describe());
            var format = Context.CameraFormat;
            if (format.PixelFormat is not (FramePixelFormat.Rgb24 or FramePixelFormat.Grey))
            {
                // PNG takes RGB or grey: other camera formats are converted once per frame into these buffers.
                _rgb = GC.AllocateUninitializedArray<byte>(format.Width * format.Height * 3);
                _planes = GC.AllocateUninitializedArray<float>(format.Width * format.Height * 3);
            }
            Context.Health.ReportRecorder(_recorder.Status);
            PipelineLog.RecordingStarted(Logger, settings.Directory, _recorder.Status.State);
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override async Task RunAsync(CancellationToken stopping)
    {
        if (_recorder is null)
        {
            await Task.WhenAll(DiscardFrames(), DiscardGyro()).ConfigureAwait(false);
            return;
        }
        using var flushing = new CancellationTokenSource();
        var flush = FlushPeriodicallyAsync(_recorder, flushing.Token);
        try
        {
            await Task.WhenAll(WriteFramesAsync(_recorder), WriteGyroAsync(_recorder)).ConfigureAwait(false);
        }
        finally
        {
            await flushing.CancelAsync().ConfigureAwait(false);
            await flush.ConfigureAwait(false);
            // Everything queued is written: close the session (pending rows written and fsynced).
            _recorder.Dispose();
            Context.Health.ReportRecorder(_recorder.Status);
        }
    }

    private protected override void CompleteOutputs()
    {
    }

    private protected override void AbandonInput()
    {
        Context.RecorderFrames.Writer.TryComplete();
        Context.GyroBatches.Writer.TryComplete();
    }

    public override void Dispose()
    {
        _recorder?.Dispose();
        base.Dispose();
    }

    private async Task WriteFramesAsync(FieldRecorder recorder)
    {
        var input = Context.RecorderFrames.Reader;
        while (await input.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (input.TryRead(out var ticket))
            {
                try
                {
                    if (!Abandoned)
                    {
                        Progress.Enter();
                        Record(recorder, ticket);
                        Progress.Leave();
                    }
                }
                finally
                {
                    ticket.Release();
                }
            }
        }
    }

    private async Task WriteGyroAsync(FieldRecorder recorder)
    {
        var input = Context.GyroBatches.Reader;
        while (await input.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (input.TryRead(out var batch))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    ref readonly var sample = ref batch.Samples[i];
                    // "No data" readings are not motion; the recording keeps measurements only.
                    if ((sample.Flags & ImuSampleFlags.Invalid) == 0)
                        recorder.AddGyroSample(sample.TimestampNs, sample.Wx, sample.Wy, sample.Wz);
                }
                ArrayPool<ImuSample>.Shared.Return(batch.Samples);
            }
        }
    }

    private static async Task FlushPeriodicallyAsync(FieldRecorder recorder, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
                recorder.Flush();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Record(FieldRecorder recorder, FrameTicket ticket)
    {
        var buffer = ticket.Buffer;
        var format = buffer.Format;
        var exposure = ticket.Exposure;
        bool written;
        if (format.PixelFormat is FramePixelFormat.Rgb24 or FramePixelFormat.Grey)
        {
            written = recorder.AddFrame(ticket.Sequence, exposure.StartNs, exposure.EndNs, buffer.Data, format.Width, format.Height, format.Stride, format.PixelFormat);
        }
        else
        {
            var view = new FrameView(buffer.Data, format.Width, format.Height, ToPixelFormat(format.PixelFormat), format.Stride);
            PlanarRgb.FromFrame(view, _planes, format.Width, format.Height);
            PlanarRgb.ToFrame(_planes, format.Width, format.Height, _rgb, PixelFormat.Rgb24, format.Width, format.Height);
            written = recorder.AddFrame(ticket.Sequence, exposure.StartNs, exposure.EndNs, _rgb, format.Width, format.Height, format.Width * 3, FramePixelFormat.Rgb24);
        }
        if (written)
            Context.FramesRecorded.Increment();
    }

    private async Task DiscardFrames()
    {
        var input = Context.RecorderFrames.Reader;
        while (await input.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (input.TryRead(out var ticket))
                ticket.Release();
        }
    }

    private async Task DiscardGyro()
    {
        var input = Context.GyroBatches.Reader;
        while (await input.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (input.TryRead(out var batch))
                ArrayPool<ImuSample>.Shared.Return(batch.Samples);
        }
    }

    private SessionDescription Describe()
    {
        var settings = Context.Settings;
        var k = Context.Intrinsics;
        var r = Context.Calibration.ImuToCamera;
        var bias = Context.Calibration.GyroBias;
        return new SessionDescription(
            settings.Device.Id,
            SoftwareVersion,
            new CameraDescription(
                string.IsNullOrEmpty(settings.Camera.Model) ? "unknown" : settings.Camera.Model,
                Context.CameraFormat.Width,
                Context.CameraFormat.Height,
                [[k.Fx, k.Skew, k.Cx], [0, k.Fy, k.Cy], [0, 0, 1]],
                settings.Camera.ReadoutNs),
            new ExposureDescription(settings.Simulation.Enabled ? "simulated strobe" : settings.Strobe.Enabled ? "gpio strobe" : "camera", settings.Strobe.ExposureNs),
            new ImuDescription(ImuModel(settings.Imu.Chip), "IMU axes", settings.Imu.OdrHz, settings.Imu.RangeDps, RecordingSession.DefaultMaxGyroGapNs),
            new CalibrationDescription(
                [[r.M00, r.M01, r.M02], [r.M10, r.M11, r.M12], [r.M20, r.M21, r.M22]],
                Context.Calibration.TimeOffsetNs,
                [bias.X, bias.Y, bias.Z]));
    }

    private static string ImuModel(string chip) => chip.Trim().ToLowerInvariant() switch
    {
        "icm42688" => "ICM-42688-P",
        "mpu6500" => "MPU-6500",
        "mpu9250" => "MPU-9250",
        _ => "MPU-6050",
    };

    private static PixelFormat ToPixelFormat(FramePixelFormat format) => format switch
    {
        FramePixelFormat.Bgr24 => PixelFormat.Bgr24,
        FramePixelFormat.Yuyv => PixelFormat.Yuyv,
        FramePixelFormat.Nv12 => PixelFormat.Nv12,
        _ => throw new SettingsException($"Camera:PixelFormat {format} cannot be recorded; use yuyv, nv12, rgb24, bgr24 or grey."),
    };
}
