using System.CommandLine;

namespace GyroEdge.Host.Bench;

/// <summary>`gyroedge bench &lt;what&gt;`: measurements that print figures and can write them as JSON. Tests never time anything.</summary>
public static class BenchCommand
{
    public static Command Create(params Command[] children)
    {
        ArgumentNullException.ThrowIfNull(children);
        var command = new Command("bench", "Measure a part of GyroEdge on this machine and print the figures (--json FILE to keep them).");
        foreach (var child in children)
            command.Subcommands.Add(child);
        return command;
    }
}
