using GyroEdge.Native;

namespace GyroEdge.Messaging.Mosquitto.Interop;

/// <summary>
/// Process-wide libmosquitto setup. mosquitto.h: "mosquitto_lib_init ... is not thread safe" and
/// must come before any other call, so every client funnels through <see cref="EnsureInitialized"/>,
/// which runs it exactly once under a lock. mosquitto_lib_cleanup is never called: clients may
/// exist until the process ends, and the OS reclaims what lib_init set up.
/// </summary>
internal static class MosquittoRuntime
{
    private static readonly Lock Gate = new();
    private static bool s_initialized;

    internal static void EnsureInitialized()
    {
        lock (Gate)
        {
            if (s_initialized)
                return;
            // Loading first turns a missing libmosquitto1 into NativeLibraryMissingException with the
            // apt-get command, instead of a DllNotFoundException from deep inside the first import.
            NativeLibraryLoader.Load(Libmosquitto.Spec);
            MosquittoError.ThrowIfFailed(Libmosquitto.LibInit(), "mosquitto_lib_init");
            s_initialized = true;
        }
    }

    /// <summary>The loaded library's version, e.g. 2.0.11.</summary>
    internal static Version LibraryVersion()
    {
        EnsureInitialized();
        Libmosquitto.LibVersion(out var major, out var minor, out var revision);
        return new Version(major, minor, revision);
    }
}
