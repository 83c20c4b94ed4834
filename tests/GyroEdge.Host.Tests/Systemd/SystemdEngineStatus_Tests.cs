using GyroEdge.Host.Systemd;
using GyroEdge.Inference.Engine;

namespace GyroEdge.Host.Tests.Systemd;

public class SystemdEngineStatus_Tests
{
    [Fact]
    public void Engine_Progress_Reaches_Both_The_Log_And_Systemd_STATUS()
    {
        using var systemd = NotifySocketListener.AtPath();
        using var notifier = new SystemdNotifier(systemd.NotifySocketValue);
        using var log = new StringWriter();
        var status = new SystemdEngineStatus(notifier, log, "gyroedge");

        status.Report(EngineStatusLevel.Progress, "building the TensorRT engine for deblur-edge (1280x720)");

        Assert.Equal("STATUS=building the TensorRT engine for deblur-edge (1280x720)", systemd.Receive());
        Assert.Equal("gyroedge: building the TensorRT engine for deblur-edge (1280x720)" + Environment.NewLine, log.ToString());
    }

    [Fact]
    public void A_Provider_Fallback_Is_Marked_As_A_Warning_In_Both()
    {
        using var systemd = NotifySocketListener.AtPath();
        using var notifier = new SystemdNotifier(systemd.NotifySocketValue);
        using var log = new StringWriter();
        var status = new SystemdEngineStatus(notifier, log, "gyroedge");

        status.Report(EngineStatusLevel.Warning, "TensorRT unavailable, running on CPU");

        Assert.Equal("STATUS=warning: TensorRT unavailable, running on CPU", systemd.Receive());
        Assert.StartsWith("gyroedge: warning: TensorRT unavailable", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_Systemd_Only_The_Log_Line_Is_Written()
    {
        using var notifier = new SystemdNotifier(notifySocket: null);
        using var log = new StringWriter();
        var status = new SystemdEngineStatus(notifier, log, "gyroedge");

        status.Report(EngineStatusLevel.Progress, "loading deblur-edge");

        Assert.False(notifier.IsEnabled);
        Assert.Equal("gyroedge: loading deblur-edge" + Environment.NewLine, log.ToString());
    }
}
