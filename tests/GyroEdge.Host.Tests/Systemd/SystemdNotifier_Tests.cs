using System.Text;
using GyroEdge.Host.Systemd;

namespace GyroEdge.Host.Tests.Systemd;

public class SystemdNotifier_Tests
{
    [Fact]
    public void Ready_Sends_Exactly_READY_1()
    {
        using var systemd = NotifySocketListener.AtPath();
        using var notifier = new SystemdNotifier(systemd.NotifySocketValue);

        notifier.Ready();

        Assert.Equal("READY=1"u8.ToArray(), systemd.ReceiveBytes());
    }

    [Fact]
    public void Status_Sends_The_Text_As_One_STATUS_Line()
    {
        using var systemd = NotifySocketListener.AtPath();
        using var notifier = new SystemdNotifier(systemd.NotifySocketValue);

        notifier.Status("Deblurring 30 fps, gyro ok, 0 frames dropped");

        Assert.Equal("STATUS=Deblurring 30 fps, gyro ok, 0 frames dropped", systemd.Receive());
    }

    [Fact]
    public void Status_Turns_Line_Breaks_And_Nul_Into_Spaces()
    {
        using var systemd = NotifySocketListener.AtPath();
        using var notifier = new SystemdNotifier(systemd.NotifySocketValue);

        notifier.Status("camera lost\nretrying\r\nin 5 s\0!");

        Assert.Equal("STATUS=camera lost retrying  in 5 s !", systemd.Receive());
    }

    [Fact]
    public void Status_Keeps_Non_Ascii_Text_As_Utf8()
    {
        using var systemd = NotifySocketListener.AtPath();
        using var notifier = new SystemdNotifier(systemd.NotifySocketValue);

        notifier.Status("Belichtung 12 ms, Δt −0,3 ms");

        Assert.Equal(Encoding.UTF8.GetBytes("STATUS=Belichtung 12 ms, Δt −0,3 ms"), systemd.ReceiveBytes());
    }

    [Fact]
    public void Status_Cuts_Text_Longer_Than_Systemd_Reads_At_A_Character_Boundary()
    {
        using var systemd = NotifySocketListener.AtPath();
        using var notifier = new SystemdNotifier(systemd.NotifySocketValue);

        notifier.Status(new string('é', 5000)); // 2 UTF-8 bytes each: 10000 bytes

        var datagram = systemd.ReceiveBytes();
        // "STATUS=" is 7 bytes; 2044 whole 'é' fill the remaining 4088 of the 4095-byte limit.
        Assert.Equal(4095, datagram.Length);
        Assert.Equal("STATUS=" + new string('é', 2044), new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(datagram));
    }

    [Fact]
    public void Watchdog_And_Stopping_Send_Their_Keys()
    {
        using var systemd = NotifySocketListener.AtPath();
        using var notifier = new SystemdNotifier(systemd.NotifySocketValue);

        notifier.Watchdog();
        notifier.Stopping();

        Assert.Equal("WATCHDOG=1", systemd.Receive());
        Assert.Equal("STOPPING=1", systemd.Receive());
    }

    [Fact]
    public void Reloading_Sends_The_Current_Monotonic_Time_In_Microseconds()
    {
        using var systemd = NotifySocketListener.AtPath();
        using var notifier = new SystemdNotifier(systemd.NotifySocketValue);

        var before = Environment.TickCount64;
        notifier.Reloading();
        var after = Environment.TickCount64;

        var lines = systemd.Receive().Split('\n');
        Assert.Equal("RELOADING=1", lines[0]);
        Assert.StartsWith("MONOTONIC_USEC=", lines[1], StringComparison.Ordinal);
        var microseconds = long.Parse(lines[1]["MONOTONIC_USEC=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        // Environment.TickCount64 is milliseconds of CLOCK_MONOTONIC_COARSE on Linux: the same
        // clock at a few milliseconds' resolution. Wall-clock time or nanoseconds would miss by
        // orders of magnitude; 50 ms covers the coarse clock's tick.
        Assert.InRange(microseconds / 1000, before - 50, after + 50);
    }

    [Fact]
    public void ExtendTimeout_Sends_The_Extension_In_Microseconds()
    {
        using var systemd = NotifySocketListener.AtPath();
        using var notifier = new SystemdNotifier(systemd.NotifySocketValue);

        notifier.ExtendTimeout(TimeSpan.FromSeconds(90));

        Assert.Equal("EXTEND_TIMEOUT_USEC=90000000", systemd.Receive());
    }

    [Fact]
    public void ExtendTimeout_Rejects_A_Zero_Extension()
    {
        using var notifier = new SystemdNotifier(notifySocket: null);

        Assert.Throws<ArgumentOutOfRangeException>(() => notifier.ExtendTimeout(TimeSpan.Zero));
    }

    [Fact]
    public void Reaches_An_Abstract_Namespace_Socket_Named_With_At()
    {
        using var systemd = NotifySocketListener.InAbstractNamespace();
        using var notifier = new SystemdNotifier(systemd.NotifySocketValue);

        notifier.Ready();
        notifier.Status("ready");

        Assert.Equal("READY=1", systemd.Receive());
        Assert.Equal("STATUS=ready", systemd.Receive());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Does_Nothing_Without_A_Notify_Socket(string? notifySocket)
    {
        using var notifier = new SystemdNotifier(notifySocket);

        var error = Record.Exception(() =>
        {
            notifier.Ready();
            notifier.Status("x");
            notifier.Watchdog();
            notifier.Reloading();
            notifier.ExtendTimeout(TimeSpan.FromSeconds(1));
            notifier.Stopping();
        });

        Assert.Null(error);
        Assert.False(notifier.IsEnabled);
        Assert.Null(notifier.NotifySocket);
    }

    [Fact]
    public void Throws_A_Clear_Error_When_The_Socket_Path_Does_Not_Exist()
    {
        var missing = Path.Combine(Path.GetTempPath(), "gyroedge-no-such-dir-" + Guid.NewGuid().ToString("N"), "notify");
        using var notifier = new SystemdNotifier(missing);

        var error = Assert.Throws<SystemdNotifyException>(notifier.Ready);

        Assert.True(notifier.IsEnabled);
        Assert.Equal(missing, error.NotifySocket);
        Assert.StartsWith($"Could not send READY=1 to systemd through NOTIFY_SOCKET={missing}: the socket file does not exist (No such file or directory (ENOENT, 2))", error.Message, StringComparison.Ordinal);
        Assert.Contains("unset NOTIFY_SOCKET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_The_Socket_When_Nothing_Listens_At_An_Abstract_Name()
    {
        var name = "@gyroedge-nobody-" + Guid.NewGuid().ToString("N");
        using var notifier = new SystemdNotifier(name);

        var error = Assert.Throws<SystemdNotifyException>(() => notifier.Status("starting\nup"));

        Assert.StartsWith($"Could not send STATUS=starting up to systemd through NOTIFY_SOCKET={name}: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(System.Net.Sockets.SocketError.ConnectionRefused, error.SocketError);
    }

    [Fact]
    public void Reports_A_Vsock_Address_As_Unsupported()
    {
        var error = Assert.Throws<NotSupportedException>(() => new SystemdNotifier("vsock:2:1234"));

        Assert.Contains("AF_VSOCK", error.Message, StringComparison.Ordinal);
        Assert.Contains("NOTIFY_SOCKET=vsock:2:1234", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_A_Relative_Socket_Path()
    {
        var error = Assert.Throws<ArgumentException>(() => new SystemdNotifier("run/notify"));

        Assert.Contains("expected an absolute path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Watchdog_Ping_Allocates_Nothing()
    {
        using var systemd = NotifySocketListener.AtPath();
        using var notifier = new SystemdNotifier(systemd.NotifySocketValue);
        notifier.Watchdog();
        Assert.Equal("WATCHDOG=1", systemd.Receive());

        // Fewer pings than the kernel's default datagram queue (net.unix.max_dgram_qlen = 10),
        // since the listener only reads them afterwards.
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 8; i++)
            notifier.Watchdog();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(8, systemd.Pending);
    }

    [Fact]
    public void Throws_Instead_Of_Hanging_When_Systemd_Stops_Reading()
    {
        using var systemd = NotifySocketListener.AtPath();
        using var notifier = new SystemdNotifier(systemd.NotifySocketValue, sendTimeout: TimeSpan.FromMilliseconds(50));

        // The listener never reads, so its queue fills (10 by default, 512 under systemd).
        var error = Assert.Throws<SystemdNotifyException>(() =>
        {
            for (var i = 0; i < 10_000; i++)
                notifier.Watchdog();
        });

        Assert.Contains("its queue stayed full for 0.05 s", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Could not send WATCHDOG=1 to systemd through NOTIFY_SOCKET={systemd.NotifySocketValue}", error.Message, StringComparison.Ordinal);
    }
}
