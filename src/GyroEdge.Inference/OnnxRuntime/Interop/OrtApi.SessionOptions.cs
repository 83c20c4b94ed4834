using System.Runtime.InteropServices;

namespace GyroEdge.Inference.OnnxRuntime.Interop;

internal static unsafe partial class OrtApi
{
    internal static OrtSessionOptionsHandle CreateSessionOptions()
    {
        EnsureLoaded();
        nint options;
        Check(createSessionOptions(&options), "CreateSessionOptions");
        return new OrtSessionOptionsHandle(options);
    }

    internal static void ReleaseSessionOptions(nint options) => releaseSessionOptions(options);

    internal static void SetLogSeverity(OrtSessionOptionsHandle options, OrtLogSeverity severity)
    {
        using var o = new HandleLease(options);
        Check(setSessionLogSeverityLevel(o.Pointer, (int)severity), "SetSessionLogSeverityLevel");
    }

    internal static void SetGraphOptimizationLevel(OrtSessionOptionsHandle options, OrtGraphOptimizationLevel level)
    {
        using var o = new HandleLease(options);
        Check(setSessionGraphOptimizationLevel(o.Pointer, (int)level), "SetSessionGraphOptimizationLevel");
    }

    internal static void SetIntraOpThreads(OrtSessionOptionsHandle options, int threads)
    {
        using var o = new HandleLease(options);
        Check(setIntraOpNumThreads(o.Pointer, threads), "SetIntraOpNumThreads");
    }

    internal static void SetInterOpThreads(OrtSessionOptionsHandle options, int threads)
    {
        using var o = new HandleLease(options);
        Check(setInterOpNumThreads(o.Pointer, threads), "SetInterOpNumThreads");
    }

    internal static void AddConfigEntry(OrtSessionOptionsHandle options, string key, string value)
    {
        var keyBytes = Utf8z(key);
        var valueBytes = Utf8z(value);
        using var o = new HandleLease(options);
        fixed (byte* k = keyBytes)
        fixed (byte* v = valueBytes)
            Check(addSessionConfigEntry(o.Pointer, k, v), "AddSessionConfigEntry", key);
    }

    /// <summary>
    /// Creates TensorRT V2 options, applies <paramref name="settings"/> and appends the provider.
    /// The returned options must outlive session creation (the session options refer to them).
    /// </summary>
    internal static OrtTensorRtProviderOptionsHandle AppendTensorRt(OrtSessionOptionsHandle options, IReadOnlyDictionary<string, string> settings)
    {
        nint created;
        Check(createTensorRtProviderOptions(&created), "CreateTensorRTProviderOptions");
        var providerOptions = new OrtTensorRtProviderOptionsHandle(created);
        try
        {
            using var p = new HandleLease(providerOptions);
            using var o = new HandleLease(options);
            if (settings.Count > 0)
            {
                using var pairs = new Utf8Pairs(settings);
                Check(updateTensorRtProviderOptions(p.Pointer, pairs.Keys, pairs.Values, pairs.Count), "UpdateTensorRTProviderOptions");
            }
            Check(appendTensorRtV2(o.Pointer, p.Pointer), "SessionOptionsAppendExecutionProvider_TensorRT_V2");
            return providerOptions;
        }
        catch
        {
            providerOptions.Dispose();
            throw;
        }
    }

    /// <summary>As <see cref="AppendTensorRt"/>, for the CUDA provider's V2 options.</summary>
    internal static OrtCudaProviderOptionsHandle AppendCuda(OrtSessionOptionsHandle options, IReadOnlyDictionary<string, string> settings)
    {
        nint created;
        Check(createCudaProviderOptions(&created), "CreateCUDAProviderOptions");
        var providerOptions = new OrtCudaProviderOptionsHandle(created);
        try
        {
            using var p = new HandleLease(providerOptions);
            using var o = new HandleLease(options);
            if (settings.Count > 0)
            {
                using var pairs = new Utf8Pairs(settings);
                Check(updateCudaProviderOptions(p.Pointer, pairs.Keys, pairs.Values, pairs.Count), "UpdateCUDAProviderOptions");
            }
            Check(appendCudaV2(o.Pointer, p.Pointer), "SessionOptionsAppendExecutionProvider_CUDA_V2");
            return providerOptions;
        }
        catch
        {
            providerOptions.Dispose();
            throw;
        }
    }

    internal static void ReleaseTensorRtProviderOptions(nint options) => releaseTensorRtProviderOptions(options);

    internal static void ReleaseCudaProviderOptions(nint options) => releaseCudaProviderOptions(options);

    /// <summary>Settings as the two C string arrays the Update*ProviderOptions functions take.</summary>
    private readonly struct Utf8Pairs : IDisposable
    {
        public Utf8Pairs(IReadOnlyDictionary<string, string> settings)
        {
            Count = (nuint)settings.Count;
            Keys = (byte**)NativeMemory.AllocZeroed(Count, (nuint)sizeof(byte*));
            Values = (byte**)NativeMemory.AllocZeroed(Count, (nuint)sizeof(byte*));
            var i = 0;
            foreach (var (key, value) in settings)
            {
                Keys[i] = (byte*)Marshal.StringToCoTaskMemUTF8(key);
                Values[i] = (byte*)Marshal.StringToCoTaskMemUTF8(value);
                i++;
            }
        }

        public byte** Keys { get; }
        public byte** Values { get; }
        public nuint Count { get; }

        public void Dispose()
        {
            for (nuint i = 0; i < Count; i++)
            {
                Marshal.FreeCoTaskMem((nint)Keys[i]);
                Marshal.FreeCoTaskMem((nint)Values[i]);
            }
            NativeMemory.Free(Keys);
            NativeMemory.Free(Values);
        }
    }
}
