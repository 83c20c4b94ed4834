using System.CommandLine;

namespace GyroEdge.Host.Bench;

/// <summary>`gyroedge bench`: commands that measure and print figures (and write JSON with --json).</summary>
public static class BenchCommand
{
    public static Command Create(params Command[] children)
    {
        ArgumentNullException.ThrowIfNull(children);
        var command = new Command("bench", "Measure GyroEdge's parts on this machine; each benchmark prints figures and writes JSON with --json FILE.");
        foreach (var child in children)
            command.Subcommands.Add(child);
        return command;
    }
}
