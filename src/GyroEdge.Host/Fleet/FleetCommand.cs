using System.CommandLine;
using GyroEdge.Host.CommandLine;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Mosquitto;

namespace GyroEdge.Host.Fleet;

/// <summary>`gyroedge fleet`: tools for fleet operators; `fleet watch` receives frames from many devices.</summary>
public static class FleetCommand
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    public static Command Create() => new("fleet", "Tools for fleet operators: receive and watch frames from many GyroEdge devices over MQTT.")
    {
        Watch(),
    };

    private static Command Watch()
    {
        var broker = new Option<string>("--broker") { Description = "The broker: mqtt://host[:port] or mqtts://host[:port] (TLS).", Required = true };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Save frames here, per device: DEVICE/frames/NNNNNN.jpg and DEVICE/meta.jsonl." };
        var share = new Option<string?>("--share") { Description = "Receive frames as a member of this MQTT 5 shared subscription group, splitting the fleet with the group's other members." };
        var ca = new Option<FileInfo?>("--ca") { Description = "PEM file of the CA that signed the broker's certificate (mqtts; default: the system's CA store)." };
        var certificate = new Option<FileInfo?>("--cert") { Description = "PEM client certificate (e.g. fleet-consumer.crt from firmware-config/mosquitto/make-certs.sh)." };
        var key = new Option<FileInfo?>("--key") { Description = "PEM private key of --cert." };
        var username = new Option<string?>("--username") { Description = "MQTT user name, when the broker wants one." };
        var password = new Option<string?>("--password") { Description = "MQTT password; GYROEDGE_MQTT_PASSWORD is read when this is absent (it stays out of the process list)." };
        var clientId = new Option<string?>("--client-id") { Description = "MQTT client id (default: gyroedge-watch-HOST-PID)." };
        var seconds = new Option<double?>("--seconds") { Description = "Stop after this many seconds (default: until Ctrl+C)." };
        var command = new Command("watch", "Subscribe to every device's frames, status and telemetry; save frames per device and show a live table of fps, latency and status.")
        {
            broker, output, share, ca, certificate, key, username, password, clientId, seconds,
        };
        command.SetAction((parse, cancel) => UserFacingErrors.RunAsync("fleet watch", async () =>
        {
            var url = BrokerUrl.Parse(parse.GetRequiredValue(broker));
            if (parse.GetValue(seconds) is <= 0)
                throw new ArgumentException($"--seconds {parse.GetValue(seconds)} must be positive.");
            var options = new FleetWatchOptions
            {
                Mqtt = new MqttClientOptions
                {
                    Host = url.Host,
                    Port = url.Port,
                    ClientId = parse.GetValue(clientId),
                    Username = parse.GetValue(username),
                    Password = parse.GetValue(password) ?? Environment.GetEnvironmentVariable("GYROEDGE_MQTT_PASSWORD"),
                    Tls = Tls(url, parse.GetValue(ca), parse.GetValue(certificate), parse.GetValue(key)),
                },
                ShareGroup = parse.GetValue(share),
                OutputDirectory = parse.GetValue(output)?.FullName,
            };
            var problems = new Queue<string>();
            var watching = false;
            using var watcher = new FleetWatcher(options);
            watcher.Problem += (_, problem) =>
            {
                // Before the first connect, a failure is what ConnectAsync throws and reports once.
                if (!Volatile.Read(ref watching))
                    return;
                lock (problems)
                {
                    problems.Enqueue($"{DateTimeOffset.Now:HH:mm:ss} {problem}");
                    while (problems.Count > 3)
                        problems.Dequeue();
                }
                if (Console.IsOutputRedirected)
                    Console.Error.WriteLine($"gyroedge fleet watch: {problem}");
            };
            await watcher.ConnectAsync(ConnectTimeout, cancel).ConfigureAwait(false);
            Volatile.Write(ref watching, true);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            if (parse.GetValue(seconds) is { } limit)
                stop.CancelAfter(TimeSpan.FromSeconds(limit));
            await FleetTable.ShowAsync(watcher, () =>
            {
                lock (problems)
                    return [.. problems];
            }, stop.Token).ConfigureAwait(false);

            var devices = watcher.Devices();
            Console.WriteLine($"gyroedge fleet watch: {url}, {devices.Count} devices, {devices.Sum(d => d.Frames)} frames ({devices.Sum(d => d.Duplicates)} duplicates dropped), "
                + $"{watcher.Saved} saved{(options.OutputDirectory is { } dir ? " to " + dir : "")}, {watcher.Malformed} malformed.");
            Console.WriteLine(FleetTable.Plain(devices));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static MqttTlsOptions? Tls(BrokerUrl url, FileInfo? ca, FileInfo? certificate, FileInfo? key)
    {
        if (!url.Tls)
        {
            if (ca is not null || certificate is not null || key is not null)
                throw new ArgumentException($"--ca, --cert and --key need a TLS broker URL: use mqtts://{url.Host}:{(url.Port == 1883 ? 8883 : url.Port)} instead of {url}.");
            return null;
        }
        return new MqttTlsOptions
        {
            CaFile = ca?.FullName,
            // Without --ca, trust what the system trusts (a broker with a public certificate).
            CaPath = ca is null ? "/etc/ssl/certs" : null,
            CertificateFile = certificate?.FullName,
            KeyFile = key?.FullName,
        };
    }
}
