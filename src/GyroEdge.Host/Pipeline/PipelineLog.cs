using Microsoft.Extensions.Logging;

namespace GyroEdge.Host.Pipeline;

/// <summary>The daemon's log lines, generated at compile time so a disabled level costs nothing (CA1848).</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "IMU: {Imu}, {Rate} Hz")]
    public static partial void ImuOpened(ILogger logger, string imu, double rate);

    [LoggerMessage(Level = LogLevel.Information, Message = "IMU reader scheduling: {Policy} ({Reason})")]
    public static partial void ImuScheduling(ILogger logger, string policy, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Exposure strobe: {Line}")]
    public static partial void StrobeOpened(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera: {Camera}")]
    public static partial void CameraOpened(ILogger logger, string camera);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT: publishing as {Device} to {Broker}, outbox {Outbox}")]
    public static partial void LinkStarted(ILogger logger, string device, Fleet.BrokerUrl broker, string outbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: {Problem}")]
    public static partial void LinkProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording to {Directory} ({State})")]
    public static partial void RecordingStarted(ILogger logger, string directory, Recording.RecorderState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Health endpoint: {Address}healthz and {Address}metrics")]
    public static partial void HealthListening(ILogger logger, Uri address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ready: every stage started ({Mode} mode).")]
    public static partial void Ready(ILogger logger, string mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Health: {Status}")]
    public static partial void Healthy(ILogger logger, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health: {Status}")]
    public static partial void Unhealthy(ILogger logger, string status);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The {Stage} stage has been busy with one item for more than {Limit}; watchdog pings stop, so systemd restarts the daemon.")]
    public static partial void Stalled(ILogger logger, string stage, TimeSpan limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Stage} stage did not drain within the stop timeout; dropping what it still holds.")]
    public static partial void Abandoned(ILogger logger, string stage);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The {Stage} stage failed: {Reason}")]
    public static partial void Failed(ILogger logger, Exception error, string stage, string reason);
}
