using System.Globalization;
using System.Runtime.InteropServices;
using GyroEdge.Native;

namespace GyroEdge.Inference.Engine.Interop;

/// <summary>
/// The one TensorRT function GyroEdge calls itself: the library's version, for the engine cache
/// key (ONNX Runtime's TensorRT provider loads TensorRT on its own and does not report it).
/// </summary>
internal static unsafe class NvInfer
{
    // TensorRT 10 (JetPack 6) first, then 8.x (JetPack 5); the unversioned name exists only with the dev package.
    private static readonly NativeLibrarySpec Library = new(
        "TensorRT (libnvinfer)",
        ["libnvinfer.so.10", "libnvinfer.so.8", "libnvinfer.so"],
        "JetPack's TensorRT (sudo apt-get install nvidia-tensorrt on a Jetson)");

    /// <summary>
    /// "10.3.0", or null when libnvinfer cannot be loaded. NvInferRuntimeBase.h / NvInferVersion.h:
    /// <c>int32_t getInferLibVersion() noexcept</c> returns NV_TENSORRT_VERSION, which TensorRT 10
    /// encodes as major * 10000 + minor * 100 + patch and TensorRT 8 as major * 1000 + minor * 100 + patch.
    /// </summary>
    internal static string? TryGetVersion()
    {
        nint handle;
        try
        {
            handle = NativeLibraryLoader.Load(Library);
        }
        catch (NativeLibraryMissingException)
        {
            return null;
        }
        if (!NativeLibrary.TryGetExport(handle, "getInferLibVersion", out var export))
            return null;
        // int32_t getInferLibVersion(void)
        var version = ((delegate* unmanaged<int>)export)();
        return Decode(version);
    }

    internal static string Decode(int version)
    {
        var (major, rest) = version >= 100000 ? Math.DivRem(version, 10000) : Math.DivRem(version, 1000);
        return string.Create(CultureInfo.InvariantCulture, $"{major}.{rest / 100}.{rest % 100}");
    }
}
