using System.Diagnostics;
using System.Globalization;

namespace GyroEdge.Hardware.Tests.KernelLayouts;

/// <summary>One line printed by kernel_layouts.c: sizeof, offsetof, ioctl or const, a name and a value.</summary>
public sealed record KernelFact(string Kind, string Name, ulong Value)
{
    public override string ToString() => $"{Kind} {Name} {Value}";
}

/// <summary>
/// Compiles kernel_layouts.c with gcc against the installed kernel headers, runs it once per
/// test class and parses what it prints. A machine without gcc fails the tests (never skips
/// them): without the headers the C# structs would go unchecked.
/// </summary>
public sealed class KernelLayoutFacts : IDisposable
{
    public const string MissingCompilerMessage =
        "gcc is required for the kernel layout check: sudo apt-get install gcc libc6-dev linux-libc-dev";

    private readonly Lazy<IReadOnlyList<KernelFact>> _facts;
    private readonly DirectoryInfo _workDirectory = Directory.CreateTempSubdirectory("gyroedge-kernel-layouts-");

    public KernelLayoutFacts()
    {
        _facts = new Lazy<IReadOnlyList<KernelFact>>(CompileAndRun);
    }

    /// <summary>Every fact, in the order printed; throws the compiler's complaint if it could not be built.</summary>
    public IReadOnlyList<KernelFact> All => _facts.Value;

    public IEnumerable<KernelFact> OfKind(string kind) => All.Where(f => f.Kind == kind);

    /// <summary>The gcc on <paramref name="path"/> (a PATH-style list), or the install command as the failure.</summary>
    public static string FindCompiler(string? path)
    {
        foreach (var directory in (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "gcc");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new InvalidOperationException(MissingCompilerMessage);
    }

    public void Dispose() => _workDirectory.Delete(recursive: true);

    private List<KernelFact> CompileAndRun()
    {
        var gcc = FindCompiler(Environment.GetEnvironmentVariable("PATH"));
        var source = Path.Combine(AppContext.BaseDirectory, "KernelLayouts", "kernel_layouts.c");
        var program = Path.Combine(_workDirectory.FullName, "kernel_layouts");

        var (compileExit, _, compileErrors) = Run(gcc, "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-o", program, source);
        if (compileExit != 0)
        {
            throw new InvalidOperationException(
                $"gcc could not compile {source} (exit {compileExit}); are the kernel headers installed? sudo apt-get install libc6-dev linux-libc-dev{Environment.NewLine}{compileErrors}");
        }

        var (runExit, output, runErrors) = Run(program);
        if (runExit != 0)
            throw new InvalidOperationException($"{program} exited with {runExit}: {runErrors}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
    }

    private static KernelFact Parse(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 3 || parts[0] is not ("sizeof" or "offsetof" or "ioctl" or "const"))
            throw new FormatException($"kernel_layouts.c printed \"{line}\"; expected \"<sizeof|offsetof|ioctl|const> <name> <value>\".");
        var value = parts[2].StartsWith("0x", StringComparison.Ordinal)
            ? ulong.Parse(parts[2].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : ulong.Parse(parts[2], CultureInfo.InvariantCulture);
        return new KernelFact(parts[0], parts[1], value);
    }

    private static (int Exit, string Output, string Errors) Run(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, errors.Result);
    }
}
