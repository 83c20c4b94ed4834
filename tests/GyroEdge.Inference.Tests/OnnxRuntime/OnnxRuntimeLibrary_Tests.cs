using System.Runtime.InteropServices;
using GyroEdge.Inference.OnnxRuntime;
using GyroEdge.Inference.OnnxRuntime.Interop;
using GyroEdge.Native;

namespace GyroEdge.Inference.Tests.OnnxRuntime;

public class OnnxRuntimeLibrary_Tests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();

    [Fact]
    public void The_Loaded_Library_Serves_The_Required_Api_Version()
    {
        var version = Version.Parse(OnnxRuntimeLibrary.Version);

        // API version N arrived with ONNX Runtime 1.N; 15 is GetBuildInfoString's.
        Assert.Equal(15u, OnnxRuntimeLibrary.RequiredApiVersion);
        Assert.True(version >= new Version(1, (int)OnnxRuntimeLibrary.RequiredApiVersion), $"loaded {version}");
    }

    [Fact]
    public void Build_Info_And_Providers_Come_From_The_Library()
    {
        Assert.StartsWith("ORT Build Info:", OnnxRuntimeLibrary.BuildInfo, StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", OnnxRuntimeLibrary.AvailableProviders);
    }

    [Fact]
    public void The_Pinned_Build_Is_Looked_For_In_XDG_CACHE_HOME_Then_The_System_Library()
    {
        var spec = OnnxRuntimeLibrary.Describe(Environment(("XDG_CACHE_HOME", "/var/cache/op"), ("HOME", "/home/op")), Architecture.X64);

        Assert.Equal(["/var/cache/op/gyroedge/onnxruntime/1.22.0/linux-x64/libonnxruntime.so.1", "libonnxruntime.so.1"], spec.Candidates);
        Assert.Equal("ONNX Runtime (libonnxruntime.so.1)", spec.DisplayName);
        Assert.Equal("./gyroedge setup (fetches the pinned official build) or set GYROEDGE_ORT_LIBRARY", spec.InstallHint);
    }

    [Fact]
    public void Without_XDG_CACHE_HOME_The_Cache_Is_Under_Home_And_Arm64_Has_Its_Own_Folder()
    {
        var spec = OnnxRuntimeLibrary.Describe(Environment(("HOME", "/home/jetson")), Architecture.Arm64);

        Assert.Equal("/home/jetson/.cache/gyroedge/onnxruntime/1.22.0/linux-arm64/libonnxruntime.so.1", spec.Candidates[0]);
    }

    [Fact]
    public void A_Relative_XDG_CACHE_HOME_Is_Ignored_As_The_XDG_Spec_Requires()
    {
        var spec = OnnxRuntimeLibrary.Describe(Environment(("XDG_CACHE_HOME", "cache"), ("HOME", "/home/op")), Architecture.X64);

        Assert.Equal("/home/op/.cache/gyroedge/onnxruntime/1.22.0/linux-x64/libonnxruntime.so.1", spec.Candidates[0]);
    }

    [Fact]
    public void Other_Architectures_Try_Only_The_System_Library()
    {
        var spec = OnnxRuntimeLibrary.Describe(Environment(("HOME", "/home/op")), Architecture.RiscV64);

        Assert.Equal(["libonnxruntime.so.1"], spec.Candidates);
    }

    [Fact]
    public void GYROEDGE_ORT_LIBRARY_Is_The_Only_Candidate_When_Set()
    {
        var spec = OnnxRuntimeLibrary.Describe(
            Environment(("GYROEDGE_ORT_LIBRARY", "/opt/ort/lib/libonnxruntime.so.1.16.3"), ("HOME", "/home/op")), Architecture.X64);

        Assert.Equal(["/opt/ort/lib/libonnxruntime.so.1.16.3"], spec.Candidates);
    }

    [Fact]
    public void A_GYROEDGE_ORT_LIBRARY_That_Does_Not_Exist_Fails_Naming_The_File_Instead_Of_Falling_Back()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"gyroedge-no-ort-{Guid.NewGuid():N}", "libonnxruntime.so.1");
        var spec = OnnxRuntimeLibrary.Describe(Environment(("GYROEDGE_ORT_LIBRARY", missing), ("HOME", "/root")), Architecture.X64);

        var error = Assert.Throws<NativeLibraryMissingException>(() => NativeLibraryLoader.Load(spec));

        var attempt = Assert.Single(error.Attempts);
        Assert.StartsWith(missing, attempt, StringComparison.Ordinal);
        Assert.Contains("ONNX Runtime (libonnxruntime.so.1) could not be loaded", error.Message, StringComparison.Ordinal);
        Assert.Contains($"GYROEDGE_ORT_LIBRARY={missing} names the only file that is tried", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public unsafe void A_Library_Older_Than_The_Required_Api_Fails_Naming_Both_Versions()
    {
        var loaded = OnnxRuntimeLibrary.Version;

        var error = Assert.Throws<OnnxRuntimeTooOldException>(() => { _ = OrtApi.RequestApi(OrtApi.MinimumVersion + 1000); });

        Assert.Equal(loaded, error.LibraryVersion);
        Assert.Equal(1015u, error.RequiredApiVersion);
        Assert.Contains($"version {loaded}, which does not serve OrtApi version 1015", error.Message, StringComparison.Ordinal);
        Assert.Contains("./gyroedge setup", error.Message, StringComparison.Ordinal);
    }
}
