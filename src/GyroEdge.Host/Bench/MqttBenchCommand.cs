using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GyroEdge.Host.CommandLine;
using GyroEdge.Host.Demo;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Outbox;

namespace GyroEdge.Host.Bench;

/// <summary>
/// `gyroedge bench mqtt`: frames per second and MB/s from the outbox on disk through libmosquitto at
/// QoS 1 to a broker and back to a subscriber. Fails (exit 1) if any frame is lost.
/// </summary>
public static class MqttBenchCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var frames = new Option<int>("--frames") { Description = "Frames to publish.", DefaultValueFactory = _ => 500 };
        var frameKib = new Option<int>("--frame-kib") { Description = "JPEG size per frame in KiB.", DefaultValueFactory = _ => 100 };
        var noFsync = new Option<bool>("--no-fsync") { Description = "Skip fsync of outbox files (measures the network's share alone; a power cut could lose frames)." };
        var broker = new Option<string?>("--broker") { Description = "host:port of a broker to use instead of starting mosquitto on loopback." };
        var json = new Option<FileInfo?>("--json") { Description = "Write the figures to this file as JSON." };
        var command = new Command("mqtt", "Publish frames through the outbox (fsync, QoS 1) to a broker and count them back: frames/s, MB/s, lost.")
        {
            frames, frameKib, noFsync, broker, json,
        };
        command.SetAction((parse, cancel) => UserFacingErrors.RunAsync("bench mqtt", async () =>
        {
            var count = parse.GetValue(frames);
            var kib = parse.GetValue(frameKib);
            if (count < 1 || kib < 1 || kib > 16 * 1024)
                throw new ArgumentException($"--frames {count} and --frame-kib {kib}: need at least one frame of 1 to 16384 KiB.");
            var endpoint = parse.GetValue(broker) is { } text ? BrokerEndpoint.Parse(text) : null;
            // A consumer that falls behind must not make the broker drop frames: no queue limit here.
            using var local = endpoint is null ? LocalMosquittoBroker.Launch(listenerSettings: ["max_queued_messages 0"]) : null;
            var (host, port) = endpoint is null ? (local!.Host, local.Port) : (endpoint.Host, endpoint.Port);
            var outbox = Directory.CreateTempSubdirectory("gyroedge-bench-outbox-");
            OutboxThroughputResult result;
            try
            {
                var timeout = TimeSpan.FromSeconds(Math.Max(30, count * (double)kib / 1024));
                result = await OutboxThroughput.RunAsync(host, port, outbox.FullName, count, kib * 1024, !parse.GetValue(noFsync), timeout, cancel).ConfigureAwait(false);
            }
            finally
            {
                outbox.Delete(recursive: true);
            }

            var where = endpoint is null ? $"mosquitto on {host}:{port} (loopback)" : $"{host}:{port}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench mqtt: {result.Sent} frames of {kib} KiB through the outbox ({(result.FlushToDisk ? "fsync" : "no fsync")}, QoS 1) to {where}: "
                + $"{result.FramesPerSecond:F1} frames/s, {result.MegabytesPerSecond:F1} MB/s; sent {result.Sent}, received {result.Received}, lost {result.Lost}, "
                + $"duplicates {result.Duplicates}, in {result.Seconds:F2} s"));
            if (parse.GetValue(json) is { } file)
            {
                var document = new JsonObject
                {
                    ["frames_per_s"] = Math.Round(result.FramesPerSecond, 2),
                    ["mb_per_s"] = Math.Round(result.MegabytesPerSecond, 3),
                    ["sent"] = result.Sent,
                    ["received"] = result.Received,
                    ["lost"] = result.Lost,
                    ["duplicates"] = result.Duplicates,
                    ["evicted"] = result.Evicted,
                    ["frame_bytes"] = result.FrameBytes,
                    ["fsync"] = result.FlushToDisk,
                    ["seconds"] = Math.Round(result.Seconds, 3),
                    ["broker"] = where,
                };
                await File.WriteAllTextAsync(file.FullName, document.ToJsonString(Indented) + Environment.NewLine, cancel).ConfigureAwait(false);
            }
            if (result.Lost > 0)
            {
                await Console.Error.WriteLineAsync($"gyroedge bench mqtt: {result.Lost} of {result.Sent} frames never arrived; expected none lost. Check the broker's log and max_queued_messages.").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
