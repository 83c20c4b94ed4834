using System.CommandLine;
using System.Globalization;
using GyroEdge.Host.CommandLine;
using GyroEdge.Host.Demo;
using GyroEdge.Host.Simulation;
using GyroEdge.Messaging.Broker;

namespace GyroEdge.Host.Bench;

/// <summary>
/// `gyroedge bench pipeline`: the whole simulated device (emulated IMU and strobe, every stage of
/// `gyroedge run`, ONNX Runtime, JPEG, the outbox, MQTT to a loopback mosquitto) at a frame rate
/// for a while: frames in, out and dropped, latency from camera to outbox, and CPU.
/// </summary>
public static class PipelineBenchCommand
{
    public static Command Create()
    {
        var fps = new Option<double>("--fps") { Description = "Frames per second of the simulated camera.", DefaultValueFactory = _ => 10 };
        var seconds = new Option<double>("--seconds") { Description = "How long to run, after the models have loaded.", DefaultValueFactory = _ => 30 };
        var size = new Option<string>("--size") { Description = "WIDTHxHEIGHT of the simulated camera (ignored with --recording, which has its own).", DefaultValueFactory = _ => "320x240" };
        var recording = new Option<DirectoryInfo?>("--recording") { Description = "Replay this recording (e.g. from ./gyroedge synth) instead of a generated checkerboard." };
        var gyro = new Option<FileInfo>("--model") { Description = "The gyro model.", DefaultValueFactory = _ => new FileInfo(Path.Combine("models", "gyroedge-edge.onnx")) };
        var blind = new Option<FileInfo>("--blind") { Description = "Its blind twin.", DefaultValueFactory = _ => new FileInfo(Path.Combine("models", "gyroedge-edge-blind.onnx")) };
        var delay = new Option<double>("--inference-delay-ms") { Description = "Add this much to every inference, to emulate a slower accelerator." };
        var broker = new Option<string?>("--broker") { Description = "host:port of a broker to use instead of starting mosquitto on loopback." };
        var json = new Option<FileInfo?>("--json") { Description = "Write the figures to this file as JSON." };
        var command = new Command("pipeline", "Run the whole simulated device at a frame rate: frames in/out/dropped, latency median and p99, CPU.")
        {
            fps, seconds, size, recording, gyro, blind, delay, broker, json,
        };
        command.SetAction((parse, cancel) => UserFacingErrors.RunAsync("bench pipeline", async () =>
        {
            var rate = parse.GetValue(fps);
            var duration = parse.GetValue(seconds);
            if (!(rate > 0) || !(duration > 0))
                throw new ArgumentException($"--fps {rate} and --seconds {duration}: both must be greater than zero.");
            var (width, height) = EngineBenchCommand.ParseSize(parse.GetRequiredValue(size));
            foreach (var model in new[] { parse.GetRequiredValue(gyro), parse.GetRequiredValue(blind) })
            {
                if (!model.Exists)
                    throw new FileNotFoundException($"{model.FullName} does not exist. Run from the checkout (models/ holds the shipped pair) or pass --model and --blind.", model.FullName);
            }
            var endpoint = parse.GetValue(broker) is { } text ? BrokerEndpoint.Parse(text) : null;
            using var local = endpoint is null ? LocalMosquittoBroker.Launch() : null;
            var port = endpoint?.Port ?? local!.Port;
            var scratch = Directory.CreateTempSubdirectory("gyroedge-bench-pipeline-");
            try
            {
                var settings = LaptopDevice.Settings(scratch.FullName, port, parse.GetRequiredValue(gyro).FullName, parse.GetRequiredValue(blind).FullName,
                                                     parse.GetValue(recording)?.FullName, width, height);
                if (endpoint is not null)
                    settings.Mqtt.Broker = $"mqtt://{endpoint.Host}:{endpoint.Port}";
                settings.Simulation.InferenceDelayMs = parse.GetValue(delay);
                var report = await SimulatedDevice.RunAsync(settings, rate, TimeSpan.FromSeconds(duration), cancel).ConfigureAwait(false);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"bench pipeline: {settings.Camera.Width}x{settings.Camera.Height} at {rate:0.##} fps for {duration:0.#} s, {Path.GetFileName(settings.Models.Gyro)} + {Path.GetFileName(settings.Models.Blind)}"));
                Console.WriteLine(report.Describe());
                if (parse.GetValue(json) is { } file)
                    await File.WriteAllBytesAsync(file.FullName, report.ToJson(), cancel).ConfigureAwait(false);
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
