using System.CommandLine;

namespace GyroEdge.Host.Bench;

/// <summary>`gyroedge bench`: benchmarks that print figures and write them as JSON (DESIGN.md "Performance, measured not timed").</summary>
public static class BenchCommand
{
    public static Command Create(params Command[] children)
    {
        var command = new Command("bench", "Measure GyroEdge's own cost on this machine: each subcommand prints figures and writes them as JSON with --json.");
        foreach (var child in children)
            command.Subcommands.Add(child);
        return command;
    }
}
