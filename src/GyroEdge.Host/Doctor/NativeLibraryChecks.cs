using GyroEdge.Imaging.TurboJpeg;
using GyroEdge.Inference.OnnxRuntime;
using GyroEdge.Messaging.Mosquitto;

namespace GyroEdge.Host.Doctor;

/// <summary>
/// Loads each native library through the binding that uses it, so "present" means the daemon
/// can actually call it (right file, right architecture, new enough), not that a package is listed.
/// </summary>
public static class NativeLibraryChecks
{
    public static IReadOnlyList<DependencyCheck> RunAll() =>
    [
        Check("ONNX Runtime", () =>
            $"{OnnxRuntimeLibrary.Version} (GyroEdge needs 1.{OnnxRuntimeLibrary.RequiredApiVersion} or newer); "
            + $"providers built in: {string.Join(", ", OnnxRuntimeLibrary.AvailableProviders)}"),
        Check("libmosquitto", () => $"{MosquittoClient.LibraryVersion} (MQTT client)"),
        Check("libturbojpeg", () =>
        {
            using var encoder = new JpegEncoder();
            return "loaded (JPEG encode and decode)";
        }),
    ];

    private static DependencyCheck Check(string name, Func<string> probe)
    {
        try
        {
            return DependencyCheck.Present(name, probe());
        }
        catch (Exception e) when (e is PlatformNotSupportedException or DllNotFoundException or EntryPointNotFoundException or OnnxRuntimeException)
        {
            return DependencyCheck.Missing(name, e.Message);
        }
    }
}
