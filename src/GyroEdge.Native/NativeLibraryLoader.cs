using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;

namespace GyroEdge.Native;

/// <summary>
/// Loads the native libraries the bindings call, with one failure mode: a
/// <see cref="NativeLibraryMissingException"/> that names the library and its fix. Without this
/// the runtime's own DllNotFoundException lists probing paths but never says which package to
/// install.
/// </summary>
public static class NativeLibraryLoader
{
    private static readonly ConcurrentDictionary<NativeLibrarySpec, nint> Loaded = new();

    /// <summary>Loads <paramref name="spec"/> once per process and returns its handle.</summary>
    public static nint Load(NativeLibrarySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Loaded.GetOrAdd(spec, LoadFirstCandidate);
    }

    /// <summary>
    /// Routes the DllImport/LibraryImport name <paramref name="importName"/> of
    /// <paramref name="assembly"/> through <see cref="Load"/>. A .NET assembly may have only one
    /// resolver, so each binding assembly calls this exactly once, from a static constructor
    /// or module initializer.
    /// </summary>
    public static void Resolve(Assembly assembly, params (string ImportName, NativeLibrarySpec Spec)[] imports)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var byName = imports.ToDictionary(i => i.ImportName, i => i.Spec, StringComparer.Ordinal);
        NativeLibrary.SetDllImportResolver(assembly, (name, _, _) =>
            byName.TryGetValue(name, out var spec) ? Load(spec) : 0);
    }

    private static nint LoadFirstCandidate(NativeLibrarySpec spec)
    {
        var attempts = new List<string>();
        var candidates = new List<string>();
        if (spec.PathVariable is { } variable)
        {
            var path = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrWhiteSpace(path))
                candidates.Add(path);
        }
        candidates.AddRange(spec.Candidates);

        foreach (var candidate in candidates)
        {
            try
            {
                return NativeLibrary.Load(candidate);
            }
            catch (DllNotFoundException e)
            {
                attempts.Add($"{candidate}: {FirstLine(e.Message)}");
            }
            catch (BadImageFormatException e)
            {
                attempts.Add($"{candidate}: not a library for this machine ({FirstLine(e.Message)})");
            }
        }
        throw new NativeLibraryMissingException(spec, attempts);
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
