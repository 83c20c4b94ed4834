using GyroEdge.Inference.Engine;

namespace GyroEdge.Host.Systemd;

/// <summary>
/// Forwards the deblur engine's start-up reports (loading, building TensorRT engines, provider
/// fallbacks) to a log and to systemd's STATUS=, so that `systemctl status gyroedge` shows a
/// minutes-long TensorRT build as progress rather than a hang (reference/onnxruntime.md: about
/// 9.5 min for one engine on an Orin). Outside systemd the notifier is a no-op and only the log
/// line is written.
/// </summary>
public sealed class SystemdEngineStatus(SystemdNotifier notifier, TextWriter log, string prefix) : IEngineStatus
{
    public void Report(EngineStatusLevel level, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        log.WriteLine(level == EngineStatusLevel.Warning ? $"{prefix}: warning: {message}" : $"{prefix}: {message}");
        notifier.Status(level == EngineStatusLevel.Warning ? $"warning: {message}" : message);
    }
}
