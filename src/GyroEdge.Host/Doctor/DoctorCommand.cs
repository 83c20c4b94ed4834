using System.CommandLine;
using GyroEdge.Host.CommandLine;

namespace GyroEdge.Host.Doctor;

/// <summary>`gyroedge doctor`: is everything this program needs present on this machine?</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var librariesOnly = new Option<bool>("--libraries-only")
        {
            Description = "Check only the native libraries (./gyroedge doctor checks the development tools itself).",
        };
        var command = new Command("doctor", "Check that every native library loads through GyroEdge's own bindings; exit non-zero when one is missing.")
        {
            librariesOnly,
        };
        command.SetAction((parse, _) => UserFacingErrors.RunAsync("doctor", () =>
        {
            var results = NativeLibraryChecks.RunAll();
            foreach (var result in results)
                Console.WriteLine(result.Format());
            return Task.FromResult(results.All(r => r.IsPresent) ? ExitCodes.Ok : ExitCodes.Unavailable);
        }));
        return command;
    }
}
