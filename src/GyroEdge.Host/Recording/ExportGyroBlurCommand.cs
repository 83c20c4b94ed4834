using System.CommandLine;
using GyroEdge.Host.CommandLine;

namespace GyroEdge.Host.Recording;

/// <summary>`gyroedge export-gyroblur`: shares a recording with the research community in GyroBlur-Real's layout.</summary>
public static class ExportGyroBlurCommand
{
    public static Command Create()
    {
        var recording = new Option<DirectoryInfo>("--recording") { Description = "A recording folder (session.json, gyro.csv, frames.csv, frames/), e.g. one session-NNNNNN of record mode.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "An empty or new folder for the scenes 001/, 002/, ...", Required = true };
        var margin = new Option<double>("--margin-ms") { Description = "Gyro kept before and after each exposure, in milliseconds.", DefaultValueFactory = _ => 50 };
        var command = new Command("export-gyroblur",
            "Write a recording in the GyroBlur-Real layout (GyroDeblurNet): per frame a folder with blurry.png, "
            + "gyro.txt ('t_ns wx wy wz' per line, rad/s, IMU axes, camera clock) and image_info.txt "
            + "('t_ns iso exposure_ns fx fy cx cy s', t_ns = exposure start).")
        {
            recording, output, margin,
        };
        command.SetAction((parse, _) => UserFacingErrors.RunAsync("export-gyroblur", () =>
        {
            var marginMs = parse.GetValue(margin);
            if (marginMs is < 0 or > 10_000)
                throw new ArgumentException($"--margin-ms {marginMs} must be between 0 and 10000.");
            var from = parse.GetRequiredValue(recording).FullName;
            var to = parse.GetRequiredValue(output).FullName;
            var result = GyroBlurRealExporter.Export(from, to, TimeSpan.FromMilliseconds(marginMs));
            Console.WriteLine($"Wrote {result.Scenes} scenes to {to}.");
            if (result.SkippedWithoutGyro > 0)
                Console.WriteLine($"Skipped {result.SkippedWithoutGyro} frames with fewer than two gyro samples around their exposure.");
            if (result.SkippedNotPng > 0)
                Console.WriteLine($"Skipped {result.SkippedNotPng} frames that are not PNG files.");
            return Task.FromResult(result.Scenes > 0 ? ExitCodes.Ok : ExitCodes.DataError);
        }));
        return command;
    }
}
