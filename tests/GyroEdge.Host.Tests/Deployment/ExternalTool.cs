using System.Diagnostics;

namespace GyroEdge.Host.Tests.Deployment;

/// <summary>
/// A command-line tool the deployment tests run for real (dtc, fdtoverlay, systemd-analyze,
/// systemd-sysusers). A missing tool fails the test with the package to install: these checks are
/// the only thing standing between a typo and a board that does not boot its overlay, so they
/// never skip.
/// </summary>
internal sealed class ExternalTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private ExternalTool(string path) => FilePath = path;

    public string FilePath { get; }

    public static ExternalTool Find(string name, string debianPackage)
    {
        var searched = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"]);
        foreach (var directory in searched)
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return new ExternalTool(candidate);
        }
        throw new InvalidOperationException(
            $"{name} is not installed, and the deployment tests check the shipped files with the real tool instead of skipping. "
            + $"Install it with `sudo apt-get install {debianPackage}` (`./gyroedge setup` installs it too).");
    }

    public ToolResult Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(FilePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // Messages in English whatever the machine's locale, so assertions on them hold.
        start.Environment["LC_ALL"] = "C";
        start.Environment["SYSTEMD_COLORS"] = "0";
        start.Environment["SYSTEMD_PAGER"] = "";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{FilePath} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{FilePath} {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds} s.");
        }
        return new ToolResult($"{Path.GetFileName(FilePath)} {string.Join(' ', arguments)}", process.ExitCode, stdout.Result, stderr.Result);
    }
}

internal sealed record ToolResult(string CommandLine, int ExitCode, string Output, string Error)
{
    public override string ToString() =>
        $"{CommandLine}{Environment.NewLine}exit {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{Output}stderr:{Environment.NewLine}{Error}";
}
