using System.CommandLine;
using GyroEdge.Host.CommandLine;

namespace GyroEdge.Host.Demo;

/// <summary>`gyroedge demo`: one frame through the whole chain, on this machine, with real libraries.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "The ONNX model to run (./gyroedge demo exports the trainer's contract probe).", Required = true };
        var frame = new Option<FileInfo?>("--frame") { Description = "A JPEG photo to use as the camera frame; a generated test pattern when absent." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write what was received.", DefaultValueFactory = _ => new DirectoryInfo("demo-out") };
        var broker = new Option<string?>("--broker") { Description = "host:port of an MQTT broker to use instead of starting mosquitto on loopback." };
        var command = new Command("demo", "Deblur one frame with ONNX Runtime, encode it as JPEG, publish it over MQTT and receive it back.")
        {
            model, frame, output, broker,
        };
        command.SetAction((parse, cancel) => UserFacingErrors.RunAsync("demo", async () =>
        {
            var settings = new DemoSettings(
                parse.GetRequiredValue(model),
                parse.GetValue(frame),
                parse.GetRequiredValue(output),
                parse.GetValue(broker) is { } endpoint ? BrokerEndpoint.Parse(endpoint) : null);
            var summary = await DemoRun.ExecuteAsync(settings, cancel).ConfigureAwait(false);
            Console.WriteLine(summary);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
