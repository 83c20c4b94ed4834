using System.CommandLine;

namespace GyroEdge.Host.CommandLine;

/// <summary>
/// `setup` and `test` belong to a repository checkout (./gyroedge, which installs packages and
/// runs the test suites). The installed program answers them too, so that documentation reads
/// the same on a board, by saying where they run and what to use instead.
/// </summary>
public static class CheckoutOnlyCommand
{
    public static Command Create(string name, string purpose)
    {
        var command = new Command(name, $"{purpose} (in a repository checkout: ./gyroedge {name}).");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine(
                $"gyroedge {name}: {purpose.ToLowerInvariant()} is done from a GyroEdge checkout with ./gyroedge {name}; "
                + "this installed program cannot do it. On a board, `gyroedge doctor` checks what this program needs.");
            return ExitCodes.Usage;
        });
        return command;
    }
}
