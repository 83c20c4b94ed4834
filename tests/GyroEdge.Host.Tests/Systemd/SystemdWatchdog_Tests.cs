using System.Globalization;
using GyroEdge.Host.Systemd;

namespace GyroEdge.Host.Tests.Systemd;

public class SystemdWatchdog_Tests
{
    private static readonly string ThisProcess = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Reads_The_Interval_From_WATCHDOG_USEC()
    {
        using var notifier = new SystemdNotifier(notifySocket: null, watchdogUsec: "30000000");

        Assert.Equal(TimeSpan.FromSeconds(30), notifier.WatchdogInterval);
    }

    [Fact]
    public void Recommends_Pinging_At_Half_The_Interval()
    {
        using var notifier = new SystemdNotifier(notifySocket: null, watchdogUsec: "2500000");

        Assert.Equal(TimeSpan.FromMilliseconds(1250), notifier.WatchdogPingPeriod);
    }

    [Fact]
    public void Keeps_Microsecond_Precision()
    {
        using var notifier = new SystemdNotifier(notifySocket: null, watchdogUsec: "1000001");

        Assert.Equal(TimeSpan.FromTicks(10_000_010), notifier.WatchdogInterval);
    }

    [Fact]
    public void Applies_When_WATCHDOG_PID_Is_This_Process()
    {
        using var notifier = new SystemdNotifier(notifySocket: null, watchdogUsec: "10000000", watchdogPid: ThisProcess);

        Assert.Equal(TimeSpan.FromSeconds(10), notifier.WatchdogInterval);
    }

    [Fact]
    public void Is_Off_When_WATCHDOG_PID_Names_Another_Process()
    {
        var parent = (Environment.ProcessId + 1).ToString(CultureInfo.InvariantCulture);
        using var notifier = new SystemdNotifier(notifySocket: null, watchdogUsec: "10000000", watchdogPid: parent);

        Assert.Null(notifier.WatchdogInterval);
        Assert.Null(notifier.WatchdogPingPeriod);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Is_Off_Without_WATCHDOG_USEC(string? watchdogUsec)
    {
        using var notifier = new SystemdNotifier(notifySocket: null, watchdogUsec, watchdogPid: ThisProcess);

        Assert.Null(notifier.WatchdogInterval);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("30s")]
    [InlineData(" 30")]
    public void Rejects_A_WATCHDOG_USEC_That_Is_Not_A_Positive_Integer(string watchdogUsec)
    {
        var error = Assert.Throws<ArgumentException>(() => new SystemdNotifier(notifySocket: null, watchdogUsec));

        Assert.StartsWith($"WATCHDOG_USEC={watchdogUsec} is not a watchdog interval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_A_WATCHDOG_PID_That_Is_Not_A_Process_Id()
    {
        var error = Assert.Throws<ArgumentException>(() => new SystemdNotifier(notifySocket: null, "1000000", watchdogPid: "self"));

        Assert.StartsWith("WATCHDOG_PID=self is not a process id", error.Message, StringComparison.Ordinal);
    }
}
