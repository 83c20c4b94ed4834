namespace GyroEdge.Inference.OnnxRuntime.Interop;

internal static unsafe partial class OrtApi
{
    /// <summary>Describes ordinary CPU memory, for tensors over buffers GyroEdge owns.</summary>
    internal static OrtMemoryInfoHandle CreateCpuMemoryInfo()
    {
        const int OrtArenaAllocator = 1; // the type ORT's own CPU allocator reports, so both compare equal
        const int OrtMemTypeDefault = 0;
        EnsureLoaded();
        nint info;
        Check(createCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &info), "CreateCpuMemoryInfo");
        return new OrtMemoryInfoHandle(info);
    }

    internal static void ReleaseMemoryInfo(nint info) => releaseMemoryInfo(info);

    /// <summary>
    /// A float32 tensor over <paramref name="pinnedData"/>. ORT does not copy the data, so the array
    /// must be on the pinned object heap (it never moves) and must outlive the value.
    /// </summary>
    internal static OrtValueHandle CreateFloatTensor(OrtMemoryInfoHandle memoryInfo, float[] pinnedData, ReadOnlySpan<long> shape)
    {
        using var m = new HandleLease(memoryInfo);
        nint value;
        fixed (float* data = pinnedData)
        fixed (long* dims = shape)
        {
            Check(
                createTensorWithDataAsOrtValue(
                    m.Pointer, data, (nuint)pinnedData.Length * sizeof(float), dims, (nuint)shape.Length, (int)OrtElementType.Float, &value),
                "CreateTensorWithDataAsOrtValue");
        }
        return new OrtValueHandle(value);
    }

    internal static void ReleaseValue(nint value) => releaseValue(value);
}
