using System.Net.Sockets;
using GyroEdge.Native;

namespace GyroEdge.Host.Systemd;

/// <summary>
/// A notification could not be delivered to the service manager. The message names the message,
/// the socket and the kernel's reason; <see cref="SocketError"/> keeps the reason for code.
/// </summary>
public sealed class SystemdNotifyException : IOException
{
    public SystemdNotifyException()
        : this("Could not notify systemd.")
    {
    }

    public SystemdNotifyException(string message)
        : base(message)
    {
        NotifySocket = string.Empty;
    }

    public SystemdNotifyException(string message, Exception innerException)
        : base(message, innerException)
    {
        NotifySocket = string.Empty;
    }

    internal SystemdNotifyException(string notification, string notifySocket, TimeSpan sendTimeout, SocketException cause)
        : base(Describe(notification, notifySocket, sendTimeout, cause), cause)
    {
        NotifySocket = notifySocket;
        SocketError = cause.SocketErrorCode;
    }

    /// <summary>The value of $NOTIFY_SOCKET the notifier used.</summary>
    public string NotifySocket { get; }

    /// <summary>Why the kernel refused the datagram.</summary>
    public SocketError SocketError { get; }

    private static string Describe(string notification, string notifySocket, TimeSpan sendTimeout, SocketException cause)
    {
        var what = $"Could not send {notification} to systemd through NOTIFY_SOCKET={notifySocket}: ";
        if (cause.SocketErrorCode is SocketError.WouldBlock or SocketError.TimedOut)
        {
            return what + $"its queue stayed full for {sendTimeout.TotalSeconds:0.###} s ({cause.SocketErrorCode}), so the service manager is not "
                + "reading it (stalled, or flooded by another sender). Check `systemctl status` and the journal of PID 1.";
        }
        // .NET reports a missing socket file (ENOENT) as AddressNotAvailable, whose text
        // ("Cannot assign requested address") misleads; the file system says what happened.
        var reason = notifySocket.StartsWith('/') && !Path.Exists(notifySocket)
            ? $"the socket file does not exist ({Errno.Describe(Errno.ENOENT)})"
            : $"{cause.Message} ({cause.SocketErrorCode})";
        return what + reason + ". systemd creates this socket for services with Type=notify; it is gone when the variable is stale (inherited from "
            + "another service, or systemd was re-executed), and unreachable from another mount or network namespace. Run under the unit systemd "
            + "started, or unset NOTIFY_SOCKET to run without it.";
    }
}
