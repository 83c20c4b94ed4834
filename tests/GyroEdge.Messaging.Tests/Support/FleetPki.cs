using System.Diagnostics;
using GyroEdge.TestSupport;

namespace GyroEdge.Messaging.Tests.Support;

/// <summary>
/// The fleet's certificates made by firmware-config/mosquitto/make-certs.sh (the script the README
/// tells operators to run) in a temporary folder, and the broker configuration of
/// firmware-config/mosquitto/gyroedge.conf with its paths pointed there. What the tests run is what
/// ships, apart from file locations, logging and persistence.
/// </summary>
internal sealed class FleetPki : IDisposable
{
    public const string Consumer = "fleet-consumer";

    private static readonly string ConfigFolder = Path.Combine(Repository.Root, "firmware-config", "mosquitto");

    // Settings that would make a test broker write outside its temporary folder.
    private static readonly HashSet<string> HostOnly = ["per_listener_settings", "persistence", "persistence_location", "autosave_interval", "log_dest", "log_type", "connection_messages", "allow_anonymous", "listener"];

    private readonly TemporaryDirectory _folder = new("pki");

    private FleetPki()
    {
    }

    public string Folder => _folder.Path;
    public string CaFile => _folder.Combine("gyroedge-ca.crt");
    public string CertificateOf(string name) => _folder.Combine(name + ".crt");
    public string KeyOf(string name) => _folder.Combine(name + ".key");

    /// <summary>A CA, a broker certificate for 127.0.0.1, a consumer and one certificate per device.</summary>
    public static FleetPki Create(params string[] devices)
    {
        var pki = new FleetPki();
        try
        {
            pki.Run("ca");
            pki.Run("broker", "localhost", "127.0.0.1");
            pki.Run("consumer", Consumer);
            foreach (var device in devices)
                pki.Run("device", device);
            return pki;
        }
        catch
        {
            pki.Dispose();
            throw;
        }
    }

    /// <summary>A second, unrelated fleet's material (its own CA), for the wrong-CA cases.</summary>
    public static FleetPki Other(params string[] devices) => Create(devices);

    /// <summary>The shipped configuration's settings, file paths pointed at this PKI and the shipped ACL.</summary>
    public static IEnumerable<string> BrokerSettings(FleetPki pki)
    {
        var lines = File.ReadAllLines(Path.Combine(ConfigFolder, "gyroedge.conf"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
        if (!lines.Contains("allow_anonymous false"))
            throw new InvalidOperationException("gyroedge.conf no longer says allow_anonymous false; the tests launch the broker that way.");
        foreach (var line in lines)
        {
            var key = line.Split(' ', 2)[0];
            if (HostOnly.Contains(key))
                continue;
            yield return key switch
            {
                "cafile" => $"cafile {pki.CaFile}",
                "certfile" => $"certfile {pki.CertificateOf("broker")}",
                "keyfile" => $"keyfile {pki.KeyOf("broker")}",
                "acl_file" => $"acl_file {Path.Combine(ConfigFolder, "gyroedge.acl")}",
                _ => line,
            };
        }
    }

    public void Dispose() => _folder.Dispose();

    private void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(ConfigFolder, "make-certs.sh"));
        start.ArgumentList.Add(Folder);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"make-certs.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors}");
    }
}
