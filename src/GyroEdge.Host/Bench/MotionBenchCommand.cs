using System.CommandLine;
using GyroEdge.Host.CommandLine;

namespace GyroEdge.Host.Bench;

/// <summary>
/// `gyroedge bench motion`: how long building one frame's rotations from the gyro stream takes
/// (copy the window out of the ring, integrate, write M matrices), and what it allocates.
/// </summary>
public static class MotionBenchCommand
{
    public static Command Create()
    {
        var json = new Option<FileInfo?>("--json") { Description = "Write the figures to this JSON file." };
        var m = new Option<int>("--m") { Description = "Rotations per frame (the model's M).", DefaultValueFactory = _ => 8 };
        var rate = new Option<double>("--rate") { Description = "Synthetic gyro rate in Hz (ignored with --gyro, which has its own).", DefaultValueFactory = _ => 1000 };
        var exposure = new Option<double>("--exposure-ms") { Description = "Exposure time in milliseconds.", DefaultValueFactory = _ => 50 };
        var frames = new Option<int>("--frames") { Description = "Frames to time.", DefaultValueFactory = _ => 20_000 };
        var gyro = new Option<FileInfo?>("--gyro") { Description = "A real gyro log ('timestamp_ns wx wy wz' per line, e.g. the GyroBlur-Synth smartphone log) instead of a synthetic shake." };
        var command = new Command("motion", "Time building one frame's M rotations from a gyro stream: median and 99th percentile per frame, and bytes allocated per frame.")
        {
            json, m, rate, exposure, frames, gyro,
        };
        command.SetAction((parse, cancel) => UserFacingErrors.RunAsync("bench motion", async () =>
        {
            var settings = new MotionBenchSettings(
                parse.GetValue(m),
                parse.GetValue(rate),
                parse.GetValue(exposure),
                parse.GetValue(frames),
                parse.GetValue(gyro));
            var report = MotionBenchRun.Execute(settings, cancel);
            Console.WriteLine(MotionBenchRun.Summarize(report));
            if (parse.GetValue(json) is { } file)
            {
                await MotionBenchRun.WriteJsonAsync(report, file.FullName, cancel).ConfigureAwait(false);
                Console.WriteLine($"figures written to {file.FullName}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
