using System.Diagnostics;
using GyroEdge.TestSupport;

namespace GyroEdge.Host.Tests.Evaluation;

/// <summary>
/// Runs the trainer (src/trainer) on the interpreter ./gyroedge uses: GYROEDGE_PYTHON, else
/// Debian's /usr/bin/python3, which has python3-torch (the `python3` on PATH may not).
/// </summary>
public static class TrainerPython
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string Interpreter =>
        Environment.GetEnvironmentVariable("GYROEDGE_PYTHON") is { Length: > 0 } python ? python : "/usr/bin/python3";

    /// <summary>`python3 -m gyroedge_trainer.cli ARGS`; returns stdout, throws with stderr when it fails.</summary>
    public static string Cli(params string[] arguments) => Run(["-m", "gyroedge_trainer.cli", .. arguments]);

    /// <summary>tests/GyroEdge.Host.Tests/Evaluation/evaluation_reference.py ARGS; returns stdout.</summary>
    public static string Reference(params string[] arguments) =>
        Run([Path.Combine(Repository.Root, "tests", "GyroEdge.Host.Tests", "Evaluation", "evaluation_reference.py"), .. arguments]);

    private static string Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["PYTHONPATH"] = Path.Combine(Repository.Root, "src", "trainer");
        // One thread: the trainer's results do not depend on it, and the build machine is shared.
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Interpreter} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Interpreter} {string.Join(' ', start.ArgumentList)} did not finish within {Timeout.TotalMinutes} min.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Interpreter} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }
        return stdout.Result;
    }
}
