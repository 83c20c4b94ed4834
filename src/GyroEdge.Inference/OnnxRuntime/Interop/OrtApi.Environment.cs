using System.Runtime.InteropServices;

namespace GyroEdge.Inference.OnnxRuntime.Interop;

internal static unsafe partial class OrtApi
{
    internal static OrtEnvHandle CreateEnv(OrtLogSeverity severity, string logId)
    {
        EnsureLoaded();
        var id = Utf8z(logId);
        nint env;
        fixed (byte* idPointer = id)
            Check(createEnv((int)severity, idPointer, &env), "CreateEnv");
        return new OrtEnvHandle(env);
    }

    internal static void ReleaseEnv(nint env) => releaseEnv(env);

    /// <summary>Git commit and compiler flags of the loaded build; owned by ORT, never freed.</summary>
    internal static string BuildInfo()
    {
        EnsureLoaded();
        return Marshal.PtrToStringUTF8((nint)getBuildInfoString()) ?? "";
    }

    /// <summary>Providers compiled into the build. Not proof that one loads: see ExecutionProvider.</summary>
    internal static string[] AvailableProviders()
    {
        EnsureLoaded();
        byte** names;
        int count;
        Check(getAvailableProviders(&names, &count), "GetAvailableProviders");
        try
        {
            var result = new string[count];
            for (var i = 0; i < count; i++)
                result[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? "";
            return result;
        }
        finally
        {
            Check(releaseAvailableProviders(names, count), "ReleaseAvailableProviders");
        }
    }
}
