using System.Runtime.InteropServices;

namespace GyroEdge.Inference.OnnxRuntime.Interop;

/// <summary>
/// An owned pointer to one ORT object. Each object type has its own subclass naming its Release
/// function, so a handle can never be released with the wrong one.
/// </summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle(nint pointer)
        : base(0, ownsHandle: true) => SetHandle(pointer);

    public override bool IsInvalid => handle == 0;
}

/// <summary>OrtEnv*: ORT allows one per process (<see cref="OrtEnvironment"/> keeps it).</summary>
internal sealed class OrtEnvHandle(nint pointer) : OrtHandle(pointer)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseEnv(handle); return true; }
}

/// <summary>OrtSessionOptions*.</summary>
internal sealed class OrtSessionOptionsHandle(nint pointer) : OrtHandle(pointer)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseSessionOptions(handle); return true; }
}

/// <summary>OrtSession*.</summary>
internal sealed class OrtSessionHandle(nint pointer) : OrtHandle(pointer)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseSession(handle); return true; }
}

/// <summary>OrtValue*.</summary>
internal sealed class OrtValueHandle(nint pointer) : OrtHandle(pointer)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseValue(handle); return true; }
}

/// <summary>OrtRunOptions*.</summary>
internal sealed class OrtRunOptionsHandle(nint pointer) : OrtHandle(pointer)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseRunOptions(handle); return true; }
}

/// <summary>OrtMemoryInfo*.</summary>
internal sealed class OrtMemoryInfoHandle(nint pointer) : OrtHandle(pointer)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseMemoryInfo(handle); return true; }
}

/// <summary>OrtIoBinding*.</summary>
internal sealed class OrtIoBindingHandle(nint pointer) : OrtHandle(pointer)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseIoBinding(handle); return true; }
}

/// <summary>OrtTypeInfo* (it owns the OrtTensorTypeAndShapeInfo that CastTypeInfoToTensorInfo returns).</summary>
internal sealed class OrtTypeInfoHandle(nint pointer) : OrtHandle(pointer)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseTypeInfo(handle); return true; }
}

/// <summary>OrtTensorRTProviderOptionsV2*.</summary>
internal sealed class OrtTensorRtProviderOptionsHandle(nint pointer) : OrtHandle(pointer)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseTensorRtProviderOptions(handle); return true; }
}

/// <summary>OrtCUDAProviderOptionsV2*.</summary>
internal sealed class OrtCudaProviderOptionsHandle(nint pointer) : OrtHandle(pointer)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseCudaProviderOptions(handle); return true; }
}

/// <summary>
/// Holds a reference on a handle for the length of a native call, so a Dispose on another thread
/// cannot release the object while ORT uses it (it waits for the lease to end instead).
/// </summary>
internal ref struct HandleLease
{
    private readonly SafeHandle handle;
    private bool added;

    public HandleLease(SafeHandle handle)
    {
        this.handle = handle;
        handle.DangerousAddRef(ref added);
        Pointer = handle.DangerousGetHandle();
    }

    public readonly nint Pointer { get; }

    public void Dispose()
    {
        if (added)
        {
            added = false;
            handle.DangerousRelease();
        }
    }
}
