using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GyroEdge.Messaging.Broker;

/// <summary>
/// A real mosquitto broker on 127.0.0.1, private to the process that starts it: its own temporary
/// folder with mosquitto.conf and mosquitto.log, anonymous access, no persistence. The demo uses
/// one when no broker is given, and the tests use one each. It can be stopped and started again on
/// the same port, which is how tests cut the broker away mid-stream. It never listens beyond
/// loopback: it is not a deployment broker (firmware-config/ has that configuration).
/// </summary>
public sealed class LocalMosquittoBroker : IDisposable
{
    /// <summary>Where Debian's mosquitto package installs the broker.</summary>
    public const string BinaryPath = "/usr/sbin/mosquitto";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <summary>Starts a broker on a free loopback port (an xunit class fixture needs exactly this one public constructor).</summary>
    public LocalMosquittoBroker()
        : this(port: null, listenerSettings: null, allowAnonymous: true, persistent: false)
    {
    }

    /// <summary>
    /// Starts a broker on <paramref name="port"/> (a free one when null). <paramref name="listenerSettings"/>
    /// are extra mosquitto.conf lines for the listener, e.g. "certfile /tmp/x/server.crt" for TLS.
    /// <paramref name="allowAnonymous"/> false makes the broker refuse every client without credentials.
    /// <paramref name="persistent"/> keeps sessions, subscriptions and queued messages in
    /// <see cref="Folder"/>/mosquitto.db across a <see cref="Shutdown"/> and <see cref="Start"/>, as a
    /// production broker with persistence does (a <see cref="Stop"/> kills it before it can save).
    /// </summary>
    public static LocalMosquittoBroker Launch(int? port = null, IEnumerable<string>? listenerSettings = null, bool allowAnonymous = true, bool persistent = false) =>
        new(port, listenerSettings, allowAnonymous, persistent);

    private LocalMosquittoBroker(int? port, IEnumerable<string>? listenerSettings, bool allowAnonymous, bool persistent)
    {
        if (!File.Exists(BinaryPath))
        {
            throw new FileNotFoundException(
                $"The mosquitto broker is not installed ({BinaryPath} is missing); the demo and the MQTT tests run a real broker on 127.0.0.1. "
                + "Install it: sudo apt-get install mosquitto", BinaryPath);
        }
        Port = port ?? FreeLoopbackPort();
        Folder = Directory.CreateTempSubdirectory("gyroedge-mosquitto-").FullName;
        ConfigPath = Path.Combine(Folder, "mosquitto.conf");
        LogPath = Path.Combine(Folder, "mosquitto.log");

        var config = new StringBuilder()
            .AppendLine("# Written by GyroEdge.Messaging.Broker.LocalMosquittoBroker for one run.")
            .AppendLine("per_listener_settings false")
            // Once a listener is defined, mosquitto 2.0 refuses anonymous clients unless told otherwise.
            .AppendLine(allowAnonymous ? "allow_anonymous true" : "allow_anonymous false")
            .AppendLine(persistent ? "persistence true" : "persistence false")
            // Started as root, mosquitto switches to the "mosquitto" user, which cannot write the log
            // into this root-owned 0700 folder; naming the current user keeps it as it is.
            .AppendLine($"user {Environment.UserName}")
            .AppendLine($"log_dest file {LogPath}")
            .AppendLine("log_type all")
            .AppendLine("connection_messages true")
            .AppendLine($"listener {Port} 127.0.0.1");
        if (persistent)
        {
            // The trailing slash matters: mosquitto appends the file name to this string as it is.
            config.AppendLine($"persistence_location {Folder}/");
        }
        foreach (var line in listenerSettings ?? [])
            config.AppendLine(line);
        File.WriteAllText(ConfigPath, config.ToString());

        try
        {
            Start();
        }
        catch
        {
            DeleteFolder();
            throw;
        }
    }

    public string Host { get; } = "127.0.0.1";
    public int Port { get; }

    /// <summary>The temporary folder holding the configuration and the log.</summary>
    public string Folder { get; }

    public string ConfigPath { get; }
    public string LogPath { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts the broker (again) on <see cref="Port"/> and returns once the port accepts TCP connections.</summary>
    public void Start()
    {
        if (IsRunning)
            throw new InvalidOperationException($"The broker on port {Port} is already running; Stop it first.");
        ThrowIfPortTaken();

        lock (_output)
            _output.Clear();
        var start = new ProcessStartInfo(BinaryPath)
        {
            ArgumentList = { "-c", ConfigPath },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = Stopwatch.StartNew();
        while (!AcceptsConnections())
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                var why = Describe();
                var exitCode = process.ExitCode;
                _process = null;
                process.Dispose();
                throw new InvalidOperationException(
                    $"mosquitto exited with code {exitCode} instead of listening on 127.0.0.1:{Port}. "
                    + (why.Contains("Address already in use", StringComparison.Ordinal)
                        ? $"Port {Port} is taken by another process; use another port."
                        : "Check the configuration below.")
                    + Environment.NewLine + why);
            }
            if (deadline.Elapsed > StartTimeout)
            {
                Stop();
                throw new TimeoutException(
                    $"mosquitto did not accept connections on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds} s." + Environment.NewLine + Describe());
            }
            Thread.Sleep(20);
        }
    }

    /// <summary>Kills the broker, as a crash or power cut would; clients see their connection drop.</summary>
    public void Stop()
    {
        var process = _process;
        if (process is null)
            return;
        _process = null;
        if (!process.HasExited)
            process.Kill();
        process.WaitForExit();
        process.Dispose();
    }

    /// <summary>
    /// Stops the broker the way an operator's restart does (SIGTERM): it disconnects its clients and,
    /// when persistent, writes mosquitto.db before it exits. Kills it if it has not exited within
    /// <paramref name="timeout"/> (10 s when null).
    /// </summary>
    public void Shutdown(TimeSpan? timeout = null)
    {
        var process = _process;
        if (process is null)
            return;
        if (!process.HasExited)
        {
            // .NET can only SIGKILL a child (Process.Kill); kill(1) sends the SIGTERM that lets mosquitto save.
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
            kill.WaitForExit();
            process.WaitForExit(timeout ?? StartTimeout);
        }
        Stop();
    }

    /// <summary>The broker's log so far (for assertion messages).</summary>
    public string ReadLog()
    {
        if (!File.Exists(LogPath))
            return "";
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public void Dispose()
    {
        Stop();
        DeleteFolder();
    }

    private static int FreeLoopbackPort()
    {
        // The OS picks a port that is free now; mosquitto binds it a moment later.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void ThrowIfPortTaken()
    {
        // SO_REUSEADDR lets this probe bind past connections still in TIME_WAIT after a Stop (as
        // mosquitto itself does) while still failing on a port someone is listening on.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, Port));
            probe.Listen();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new InvalidOperationException(
                $"Port {Port} on 127.0.0.1 is taken by another process, so mosquitto cannot listen there. "
                + "Pass another port (or null for a free one), or stop the process holding it (ss -ltnp).", e);
        }
    }

    private bool AcceptsConnections()
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Collect(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private string Describe()
    {
        string output;
        lock (_output)
            output = _output.ToString();
        return $"mosquitto output:{Environment.NewLine}{output}log ({LogPath}):{Environment.NewLine}{ReadLog()}";
    }

    private void DeleteFolder()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless; the test result matters more.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
