namespace GyroEdge.Inference.OnnxRuntime.Interop;

internal static unsafe partial class OrtApi
{
    internal static OrtIoBindingHandle CreateIoBinding(OrtSessionHandle session)
    {
        using var s = new HandleLease(session);
        nint binding;
        Check(createIoBinding(s.Pointer, &binding), "CreateIoBinding");
        return new OrtIoBindingHandle(binding);
    }

    internal static void ReleaseIoBinding(nint binding) => releaseIoBinding(binding);

    internal static void BindInput(OrtIoBindingHandle binding, string name, OrtValueHandle value)
    {
        var nameBytes = Utf8z(name);
        using var b = new HandleLease(binding);
        using var v = new HandleLease(value);
        fixed (byte* n = nameBytes)
            Check(bindInput(b.Pointer, n, v.Pointer), "BindInput", name);
    }

    internal static void BindOutput(OrtIoBindingHandle binding, string name, OrtValueHandle value)
    {
        var nameBytes = Utf8z(name);
        using var b = new HandleLease(binding);
        using var v = new HandleLease(value);
        fixed (byte* n = nameBytes)
            Check(bindOutput(b.Pointer, n, v.Pointer), "BindOutput", name);
    }

    internal static void ClearBoundInputs(OrtIoBindingHandle binding)
    {
        using var b = new HandleLease(binding);
        clearBoundInputs(b.Pointer);
    }

    internal static void ClearBoundOutputs(OrtIoBindingHandle binding)
    {
        using var b = new HandleLease(binding);
        clearBoundOutputs(b.Pointer);
    }

    internal static void RunWithBinding(OrtSessionHandle session, OrtRunOptionsHandle runOptions, OrtIoBindingHandle binding, string modelName)
    {
        using var s = new HandleLease(session);
        using var r = new HandleLease(runOptions);
        using var b = new HandleLease(binding);
        Check(runWithBinding(s.Pointer, r.Pointer, b.Pointer), "RunWithBinding", modelName);
    }
}
