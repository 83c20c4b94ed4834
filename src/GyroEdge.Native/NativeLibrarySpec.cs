namespace GyroEdge.Native;

/// <summary>
/// What GyroEdge needs to know to load one native library and, when it cannot, to tell the
/// user exactly how to get it.
/// </summary>
/// <param name="DisplayName">The library as a person knows it, e.g. "libmosquitto".</param>
/// <param name="Candidates">File names or absolute paths tried in order (sonames first).</param>
/// <param name="InstallHint">The command or step that installs it, e.g. "sudo apt-get install libmosquitto1".</param>
/// <param name="PathVariable">An environment variable that, when set, names the exact file to load and is tried first.</param>
public sealed record NativeLibrarySpec(
    string DisplayName,
    IReadOnlyList<string> Candidates,
    string InstallHint,
    string? PathVariable = null);
