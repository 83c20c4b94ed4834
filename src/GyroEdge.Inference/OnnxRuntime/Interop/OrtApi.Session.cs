using System.Runtime.InteropServices;

namespace GyroEdge.Inference.OnnxRuntime.Interop;

internal static unsafe partial class OrtApi
{
    internal static OrtSessionHandle CreateSession(OrtEnvHandle env, string modelPath, OrtSessionOptionsHandle options)
    {
        var path = Utf8z(modelPath);
        using var e = new HandleLease(env);
        using var o = new HandleLease(options);
        nint session;
        fixed (byte* pathPointer = path)
            Check(createSession(e.Pointer, pathPointer, o.Pointer, &session), "CreateSession", modelPath);
        return new OrtSessionHandle(session);
    }

    internal static OrtSessionHandle CreateSessionFromArray(OrtEnvHandle env, ReadOnlySpan<byte> model, OrtSessionOptionsHandle options, string modelName)
    {
        using var e = new HandleLease(env);
        using var o = new HandleLease(options);
        nint session;
        fixed (byte* data = model)
            Check(createSessionFromArray(e.Pointer, data, (nuint)model.Length, o.Pointer, &session), "CreateSessionFromArray", modelName);
        return new OrtSessionHandle(session);
    }

    internal static void ReleaseSession(nint session) => releaseSession(session);

    internal static int InputCount(OrtSessionHandle session)
    {
        using var s = new HandleLease(session);
        nuint count;
        Check(sessionGetInputCount(s.Pointer, &count), "SessionGetInputCount");
        return checked((int)count);
    }

    internal static int OutputCount(OrtSessionHandle session)
    {
        using var s = new HandleLease(session);
        nuint count;
        Check(sessionGetOutputCount(s.Pointer, &count), "SessionGetOutputCount");
        return checked((int)count);
    }

    /// <summary>Name, element type and shape (-1 for a dynamic dimension) of input <paramref name="index"/>.</summary>
    internal static OrtTensorInfo DescribeInput(OrtSessionHandle session, int index)
    {
        using var s = new HandleLease(session);
        byte* name;
        var allocator = DefaultAllocator();
        Check(sessionGetInputName(s.Pointer, (nuint)index, allocator, &name), "SessionGetInputName");
        var managedName = TakeAllocatorString(allocator, name);
        nint typeInfo;
        Check(sessionGetInputTypeInfo(s.Pointer, (nuint)index, &typeInfo), "SessionGetInputTypeInfo", managedName);
        using var owned = new OrtTypeInfoHandle(typeInfo);
        return Describe(managedName, owned);
    }

    /// <summary>As <see cref="DescribeInput"/>, for output <paramref name="index"/>.</summary>
    internal static OrtTensorInfo DescribeOutput(OrtSessionHandle session, int index)
    {
        using var s = new HandleLease(session);
        byte* name;
        var allocator = DefaultAllocator();
        Check(sessionGetOutputName(s.Pointer, (nuint)index, allocator, &name), "SessionGetOutputName");
        var managedName = TakeAllocatorString(allocator, name);
        nint typeInfo;
        Check(sessionGetOutputTypeInfo(s.Pointer, (nuint)index, &typeInfo), "SessionGetOutputTypeInfo", managedName);
        using var owned = new OrtTypeInfoHandle(typeInfo);
        return Describe(managedName, owned);
    }

    internal static void ReleaseTypeInfo(nint typeInfo) => releaseTypeInfo(typeInfo);

    private static OrtTensorInfo Describe(string name, OrtTypeInfoHandle typeInfo)
    {
        const int OnnxTypeTensor = 1; // ONNXType::ONNX_TYPE_TENSOR
        using var t = new HandleLease(typeInfo);
        int onnxType;
        Check(getOnnxTypeFromTypeInfo(t.Pointer, &onnxType), "GetOnnxTypeFromTypeInfo", name);
        if (onnxType != OnnxTypeTensor)
            return new OrtTensorInfo(name, OrtElementType.Undefined, []);

        // Owned by the type info: valid until it is released, never released on its own.
        nint tensorInfo;
        Check(castTypeInfoToTensorInfo(t.Pointer, &tensorInfo), "CastTypeInfoToTensorInfo", name);
        int elementType;
        Check(getTensorElementType(tensorInfo, &elementType), "GetTensorElementType", name);
        nuint rank;
        Check(getDimensionsCount(tensorInfo, &rank), "GetDimensionsCount", name);
        var dimensions = new long[checked((int)rank)];
        fixed (long* d = dimensions)
            Check(getDimensions(tensorInfo, d, rank), "GetDimensions", name);
        return new OrtTensorInfo(name, (OrtElementType)elementType, dimensions);
    }

    /// <summary>ORT's default CPU allocator: a process-wide object, never freed.</summary>
    private static nint DefaultAllocator()
    {
        nint allocator;
        Check(getAllocatorWithDefaultOptions(&allocator), "GetAllocatorWithDefaultOptions");
        return allocator;
    }

    private static string TakeAllocatorString(nint allocator, byte* text)
    {
        try
        {
            return Marshal.PtrToStringUTF8((nint)text) ?? "";
        }
        finally
        {
            Check(allocatorFree(allocator, text), "AllocatorFree");
        }
    }

    internal static OrtRunOptionsHandle CreateRunOptions()
    {
        EnsureLoaded();
        nint options;
        Check(createRunOptions(&options), "CreateRunOptions");
        return new OrtRunOptionsHandle(options);
    }

    internal static void ReleaseRunOptions(nint options) => releaseRunOptions(options);

    /// <summary>
    /// OrtApi::Run with preallocated outputs: ORT writes into the buffers behind
    /// <paramref name="outputValues"/> and leaves the pointers as they are. Allocates nothing
    /// managed. The caller keeps every name and value alive (leased) for the call.
    /// </summary>
    internal static void Run(
        OrtSessionHandle session,
        OrtRunOptionsHandle runOptions,
        ReadOnlySpan<nint> inputNames,
        ReadOnlySpan<nint> inputValues,
        ReadOnlySpan<nint> outputNames,
        Span<nint> outputValues,
        string modelName)
    {
        using var s = new HandleLease(session);
        using var r = new HandleLease(runOptions);
        fixed (nint* inNames = inputNames)
        fixed (nint* inValues = inputValues)
        fixed (nint* outNames = outputNames)
        fixed (nint* outValues = outputValues)
        {
            Check(
                run(s.Pointer, r.Pointer, inNames, inValues, (nuint)inputValues.Length, outNames, (nuint)outputNames.Length, outValues),
                "Run",
                modelName);
        }
    }
}
