namespace GyroEdge.Native;

/// <summary>
/// A native library GyroEdge depends on could not be loaded. The message names the library,
/// every place that was tried with the loader's own reason, and the command that fixes it.
/// </summary>
public sealed class NativeLibraryMissingException : PlatformNotSupportedException
{
    public NativeLibraryMissingException(NativeLibrarySpec spec, IReadOnlyList<string> attempts)
        : base(Describe(spec, attempts))
    {
        Library = spec;
        Attempts = attempts;
    }

    public NativeLibrarySpec Library { get; }

    /// <summary>One line per candidate tried: the name and why the loader refused it.</summary>
    public IReadOnlyList<string> Attempts { get; }

    private static string Describe(NativeLibrarySpec spec, IReadOnlyList<string> attempts) =>
        $"{spec.DisplayName} could not be loaded. Fix: {spec.InstallHint} (or run ./gyroedge setup). Tried:"
        + string.Concat(attempts.Select(a => Environment.NewLine + "  " + a));
}
