using System.CommandLine;
using GyroEdge.Host.CommandLine;

namespace GyroEdge.Host.Demo;

/// <summary>`gyroedge demo`: the whole device in simulation on this machine, with real libraries, judged against ground truth.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var recording = new Option<DirectoryInfo?>("--recording") { Description = "A recording with ground truth (./gyroedge synth) for the camera and the IMU to replay; ./gyroedge demo makes one from ../shared/data. Absent: a sliding checkerboard and a sinusoidal shake, with no ground truth to score." };
        var gyro = new Option<FileInfo>("--model") { Description = "The gyro model.", DefaultValueFactory = _ => new FileInfo(Path.Combine("models", "gyroedge-edge.onnx")) };
        var blind = new Option<FileInfo>("--blind") { Description = "Its blind twin.", DefaultValueFactory = _ => new FileInfo(Path.Combine("models", "gyroedge-edge-blind.onnx")) };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write the results (replaced if it exists).", DefaultValueFactory = _ => new DirectoryInfo("demo-out") };
        var broker = new Option<string?>("--broker") { Description = "host:port of an MQTT broker to use instead of starting mosquitto on loopback." };
        var fps = new Option<double>("--fps") { Description = "Frames per second of the simulated camera; frames the CPU cannot keep up with are dropped oldest-first, as on the board.", DefaultValueFactory = _ => 2 };
        var timeout = new Option<double>("--timeout") { Description = "Give up after this many seconds if some recorded frame has still not come back.", DefaultValueFactory = _ => 300 };
        var command = new Command("demo", "Run the whole device in simulation: emulated IMU and strobe, the shipped models, MQTT to a loopback broker, a fleet watcher receiving; writes side-by-side images and PSNR before and after.")
        {
            recording, gyro, blind, output, broker, fps, timeout,
        };
        command.SetAction((parse, cancel) => UserFacingErrors.RunAsync("demo", async () =>
        {
            var settings = new DeviceDemoSettings(
                parse.GetValue(recording),
                parse.GetRequiredValue(gyro),
                parse.GetRequiredValue(blind),
                parse.GetRequiredValue(output),
                parse.GetValue(broker) is { } endpoint ? BrokerEndpoint.Parse(endpoint) : null,
                parse.GetValue(fps),
                TimeSpan.FromSeconds(parse.GetValue(timeout)));
            await DeviceDemo.RunAsync(settings, Console.Out, cancel).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
