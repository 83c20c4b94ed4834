using System.Diagnostics;

namespace GyroEdge.Host.Tests.Support;

/// <summary>
/// Runs the real `gyroedge` program (the build copied beside the tests) as a user would, and
/// captures its exit code and both output streams.
/// </summary>
public static class GyroedgeProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static GyroedgeResult Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gyroedge.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
                start.Environment.Remove(name);
            else
                start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gyroedge {string.Join(' ', start.ArgumentList.Skip(1))} did not finish within {Timeout.TotalSeconds} s.");
        }
        return new GyroedgeResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

public sealed record GyroedgeResult(int ExitCode, string Output, string Error)
{
    /// <summary>True when stderr holds a .NET stack frame ("   at Namespace.Type.Method(...)").</summary>
    public bool ShowsStackTrace => Error.Contains("   at ", StringComparison.Ordinal);

    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{Output}stderr:{Environment.NewLine}{Error}";
}
