using System.Runtime.InteropServices;
using GyroEdge.Inference.OnnxRuntime.Interop;
using GyroEdge.Native;

namespace GyroEdge.Inference.OnnxRuntime;

/// <summary>
/// Where libonnxruntime.so.1 comes from, and what the loaded one is. Order: the file
/// <see cref="PathVariable"/> names (and only that file when it is set), then the pinned official
/// build that ./gyroedge setup puts in the cache, then the system's (e.g. /usr/local/lib on a Jetson).
/// </summary>
public static class OnnxRuntimeLibrary
{
    /// <summary>Names the exact libonnxruntime file to load; nothing else is tried when it is set.</summary>
    public const string PathVariable = "GYROEDGE_ORT_LIBRARY";

    /// <summary>The official build ./gyroedge setup fetches.</summary>
    public const string PinnedVersion = "1.22.0";

    public const string FileName = "libonnxruntime.so.1";

    public const string DisplayName = "ONNX Runtime (libonnxruntime.so.1)";

    public const string InstallHint = "./gyroedge setup (fetches the pinned official build) or set " + PathVariable;

    /// <summary>The OrtApi version GyroEdge requests: the oldest ONNX Runtime it runs on is 1.N.</summary>
    public static uint RequiredApiVersion => OrtApi.MinimumVersion;

    /// <summary>The loaded library's version string, e.g. "1.22.0". Loads the library.</summary>
    public static string Version => OrtApi.VersionString;

    /// <summary>The loaded library's build description (git commit, compiler flags). Loads the library.</summary>
    public static string BuildInfo => OrtApi.BuildInfo();

    /// <summary>
    /// Providers compiled into the loaded build, e.g. TensorrtExecutionProvider. Being listed does
    /// not mean a provider loads (the x64 npm build lists TensorRT and CUDA without their
    /// libraries): appending it to a session is the only test.
    /// </summary>
    public static IReadOnlyList<string> AvailableProviders => OrtApi.AvailableProviders();

    /// <summary>The spec for this process: its environment variables and architecture.</summary>
    public static NativeLibrarySpec FromEnvironment() =>
        Describe(Environment.GetEnvironmentVariable, RuntimeInformation.ProcessArchitecture);

    /// <summary>
    /// The spec for an environment (<paramref name="environment"/> returns a variable's value or
    /// null) and architecture. When <see cref="PathVariable"/> is set, that file is the only
    /// candidate: a user who names a file means that file, and silently loading another version
    /// instead would hide the mistake.
    /// </summary>
    public static NativeLibrarySpec Describe(Func<string, string?> environment, Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var chosen = environment(PathVariable);
        if (!string.IsNullOrWhiteSpace(chosen))
        {
            return new NativeLibrarySpec(
                DisplayName,
                [chosen],
                $"{PathVariable}={chosen} names the only file that is tried; point it at a {FileName} or unset it "
                + $"to use the build that ./gyroedge setup pins ({PinnedVersion})");
        }
        var candidates = new List<string>();
        if (PinnedCachePath(environment, architecture) is { } pinned)
            candidates.Add(pinned);
        candidates.Add(FileName);
        return new NativeLibrarySpec(DisplayName, candidates, InstallHint);
    }

    /// <summary>
    /// $XDG_CACHE_HOME (or ~/.cache)/gyroedge/onnxruntime/1.22.0/linux-{x64|arm64}/libonnxruntime.so.1,
    /// where ./gyroedge setup puts the pinned build; null on other architectures or without a home.
    /// </summary>
    public static string? PinnedCachePath(Func<string, string?> environment, Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var platform = architecture switch
        {
            Architecture.X64 => "linux-x64",
            Architecture.Arm64 => "linux-arm64",
            _ => null,
        };
        if (platform is null)
            return null;

        // The XDG base directory spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
        var cacheHome = environment("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cacheHome) || !Path.IsPathRooted(cacheHome))
        {
            var home = environment("HOME");
            if (string.IsNullOrEmpty(home))
                return null;
            cacheHome = Path.Combine(home, ".cache");
        }
        return Path.Combine(cacheHome, "gyroedge", "onnxruntime", PinnedVersion, platform, FileName);
    }
}
