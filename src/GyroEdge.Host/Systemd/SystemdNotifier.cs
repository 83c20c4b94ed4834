using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Unicode;

namespace GyroEdge.Host.Systemd;

/// <summary>
/// sd_notify(3) in managed code: tells systemd the daemon is ready, what it is doing, that it is
/// alive (the watchdog), and that it is stopping or reloading, by sending one datagram of
/// KEY=VALUE lines to the Unix socket named in $NOTIFY_SOCKET. No libsystemd is needed.
/// </summary>
/// <remarks>
/// <para>Without $NOTIFY_SOCKET (a shell, a container, Type=simple) every call is a no-op, so the
/// daemon runs the same in and out of systemd.</para>
/// <para>A datagram that cannot be delivered throws <see cref="SystemdNotifyException"/> rather than
/// being dropped: a Type=notify service whose READY=1 is lost is killed at TimeoutStartSec, and
/// one whose WATCHDOG=1 is lost is killed at WatchdogSec, so the failure is better seen at once,
/// with its cause, than later as an unexplained restart.</para>
/// <para>Thread-safe. The socket and the destination address are created once; a watchdog ping
/// allocates nothing.</para>
/// </remarks>
public sealed class SystemdNotifier : IDisposable
{
    public const string NotifySocketVariable = "NOTIFY_SOCKET";
    public const string WatchdogUsecVariable = "WATCHDOG_USEC";
    public const string WatchdogPidVariable = "WATCHDOG_PID";

    /// <summary>
    /// systemd reads a notification into a NOTIFY_BUFFER_MAX (= PIPE_BUF, 4096-byte) buffer and
    /// ignores a message that does not fit ("Received notify message exceeded maximum size",
    /// manager_dispatch_notify_fd in src/core/manager.c), so a longer STATUS is cut here rather
    /// than silently lost there.
    /// </summary>
    public const int MaxMessageBytes = 4095;

    /// <summary>
    /// How long a send may wait for room in the socket's queue. Unix datagram sends block while
    /// the receiver's queue is full (net.unix.max_dgram_qlen; systemd raises it to 512), so a
    /// stalled service manager would otherwise hang the caller, and a hung watchdog ping is the
    /// one failure the watchdog cannot report.
    /// </summary>
    public static readonly TimeSpan DefaultSendTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket? _socket;
    private readonly SocketAddress? _address;

    /// <summary>Reads $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID of this process.</summary>
    public static SystemdNotifier FromEnvironment() => new(
        Environment.GetEnvironmentVariable(NotifySocketVariable),
        Environment.GetEnvironmentVariable(WatchdogUsecVariable),
        Environment.GetEnvironmentVariable(WatchdogPidVariable));

    /// <param name="notifySocket">$NOTIFY_SOCKET: "/path", "@abstract", or null/empty when not under systemd.</param>
    /// <param name="watchdogUsec">$WATCHDOG_USEC: the watchdog interval in microseconds, or null.</param>
    /// <param name="watchdogPid">$WATCHDOG_PID: the process the watchdog is meant for, or null.</param>
    /// <param name="sendTimeout">The longest a message may wait for room in systemd's queue; <see cref="DefaultSendTimeout"/> when null.</param>
    /// <exception cref="NotSupportedException">$NOTIFY_SOCKET is a vsock address.</exception>
    /// <exception cref="ArgumentException">A variable is set but malformed.</exception>
    public SystemdNotifier(string? notifySocket, string? watchdogUsec = null, string? watchdogPid = null, TimeSpan? sendTimeout = null)
    {
        SendTimeout = sendTimeout ?? DefaultSendTimeout;
        if (SendTimeout < TimeSpan.FromMilliseconds(1) || SendTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(sendTimeout), sendTimeout,
                "The send timeout must be at least 1 ms (and fit in int milliseconds); a few seconds is sensible.");
        }
        WatchdogInterval = ParseWatchdogInterval(watchdogUsec, watchdogPid, Environment.ProcessId);
        if (string.IsNullOrEmpty(notifySocket))
            return;
        var endpoint = NotifySocketAddress.Parse(notifySocket);
        NotifySocket = notifySocket;
        _address = endpoint.Serialize();
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified)
        {
            SendTimeout = (int)SendTimeout.TotalMilliseconds,
        };
    }

    /// <summary>The longest one message waits for room in systemd's queue before it throws.</summary>
    public TimeSpan SendTimeout { get; }

    /// <summary>True when $NOTIFY_SOCKET was set, i.e. messages are really sent.</summary>
    public bool IsEnabled => _socket is not null;

    /// <summary>$NOTIFY_SOCKET as given, or null when notifications are off.</summary>
    public string? NotifySocket { get; }

    /// <summary>
    /// WatchdogSec= of the unit, from $WATCHDOG_USEC; null when the watchdog is off or when
    /// $WATCHDOG_PID names another process (the interval was meant for a parent, e.g. a shell
    /// wrapper, per sd_watchdog_enabled(3)).
    /// </summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>
    /// How often to call <see cref="Watchdog"/>: half the interval, as sd_watchdog_enabled(3)
    /// recommends, so one late ping does not kill the service. Null when the watchdog is off.
    /// </summary>
    public TimeSpan? WatchdogPingPeriod => WatchdogInterval / 2;

    /// <summary>READY=1: start-up finished (Type=notify units count as started only now).</summary>
    public void Ready() => Send("READY=1"u8);

    /// <summary>WATCHDOG=1: the daemon is alive; send every <see cref="WatchdogPingPeriod"/>.</summary>
    public void Watchdog() => Send("WATCHDOG=1"u8);

    /// <summary>STOPPING=1: shutdown has begun (so systemd does not read the exit as a crash in progress).</summary>
    public void Stopping() => Send("STOPPING=1"u8);

    /// <summary>
    /// RELOADING=1 with MONOTONIC_USEC, the CLOCK_MONOTONIC time of the reload that
    /// Type=notify-reload units require; send <see cref="Ready"/> when the reload is done.
    /// </summary>
    public void Reloading()
    {
        if (_socket is null)
            return;
        Span<byte> message = stackalloc byte[64];
        var prefix = "RELOADING=1\nMONOTONIC_USEC="u8;
        prefix.CopyTo(message);
        MonotonicMicroseconds().TryFormat(message[prefix.Length..], out var digits, default, CultureInfo.InvariantCulture);
        Send(message[..(prefix.Length + digits)]);
    }

    /// <summary>
    /// EXTEND_TIMEOUT_USEC: asks for <paramref name="extension"/> more time from now for the
    /// current start, reload or stop (for a slow model load), without raising the unit's timeout.
    /// </summary>
    public void ExtendTimeout(TimeSpan extension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(extension, TimeSpan.Zero);
        if (_socket is null)
            return;
        Span<byte> message = stackalloc byte[64];
        var prefix = "EXTEND_TIMEOUT_USEC="u8;
        prefix.CopyTo(message);
        var microseconds = extension.Ticks / (TimeSpan.TicksPerMillisecond / 1000);
        microseconds.TryFormat(message[prefix.Length..], out var digits, default, CultureInfo.InvariantCulture);
        Send(message[..(prefix.Length + digits)]);
    }

    /// <summary>
    /// STATUS=<paramref name="text"/>: one line shown by systemctl status. Line breaks become
    /// spaces (systemd splits a message into KEY=VALUE lines at both CR and LF; NUL becomes a
    /// space too, since systemd drops a message containing one), and text beyond
    /// <see cref="MaxMessageBytes"/> is cut at a character boundary.
    /// </summary>
    public void Status(ReadOnlySpan<char> text)
    {
        if (_socket is null)
            return;
        Span<byte> message = stackalloc byte[MaxMessageBytes];
        var prefix = "STATUS="u8;
        prefix.CopyTo(message);
        // Stops at the last whole character that fits; the status is display text, so a cut beats a refusal.
        Utf8.FromUtf16(text, message[prefix.Length..], out _, out var written, replaceInvalidSequences: true);
        var line = message[..(prefix.Length + written)];
        // CR, LF and NUL never occur inside a multi-byte UTF-8 sequence, so bytes can be replaced
        // safely. systemd drops a whole message that contains a NUL byte.
        line.Replace((byte)'\n', (byte)' ');
        line.Replace((byte)'\r', (byte)' ');
        line.Replace((byte)0, (byte)' ');
        Send(line);
    }

    public void Dispose() => _socket?.Dispose();

    private void Send(ReadOnlySpan<byte> message)
    {
        if (_socket is null)
            return;
        try
        {
            _socket.SendTo(message, SocketFlags.None, _address!);
        }
        catch (SocketException e)
        {
            var end = message.IndexOf((byte)'\n');
            var notification = System.Text.Encoding.UTF8.GetString(end < 0 ? message : message[..end]);
            throw new SystemdNotifyException(notification, NotifySocket!, SendTimeout, e);
        }
    }

    /// <summary>
    /// CLOCK_MONOTONIC in microseconds: on Linux, Stopwatch reads clock_gettime(CLOCK_MONOTONIC),
    /// the clock systemd compares MONOTONIC_USEC with.
    /// </summary>
    private static long MonotonicMicroseconds() =>
        (long)((Int128)Stopwatch.GetTimestamp() * 1_000_000 / Stopwatch.Frequency);

    /// <summary>sd_watchdog_enabled(3): WATCHDOG_USEC must be a positive integer; WATCHDOG_PID, when set, must be ours.</summary>
    private static TimeSpan? ParseWatchdogInterval(string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (string.IsNullOrEmpty(watchdogUsec))
            return null;
        if (!ulong.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds)
            || microseconds == 0
            || microseconds > (ulong)(TimeSpan.MaxValue.Ticks / (TimeSpan.TicksPerMillisecond / 1000)))
        {
            throw new ArgumentException(
                $"WATCHDOG_USEC={watchdogUsec} is not a watchdog interval: expected a positive whole number of microseconds (systemd sets it from WatchdogSec=). "
                + "Fix WatchdogSec= in the unit, or unset WATCHDOG_USEC.",
                nameof(watchdogUsec));
        }
        if (!string.IsNullOrEmpty(watchdogPid))
        {
            if (!int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid < 1)
            {
                throw new ArgumentException(
                    $"WATCHDOG_PID={watchdogPid} is not a process id: expected a positive whole number (systemd sets it to the service's main PID). Unset it, or set it to this process ({processId}).",
                    nameof(watchdogPid));
            }
            if (pid != processId)
                return null;
        }
        return TimeSpan.FromTicks((long)microseconds * (TimeSpan.TicksPerMillisecond / 1000));
    }
}
