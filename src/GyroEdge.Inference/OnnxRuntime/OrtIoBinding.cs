using GyroEdge.Inference.OnnxRuntime.Interop;

namespace GyroEdge.Inference.OnnxRuntime;

/// <summary>
/// ORT's IoBinding: tensors bound to a session's inputs and outputs by name inside ORT, run with
/// <see cref="OrtSession.Run(OrtIoBinding)"/>. With a GPU provider ORT can copy a CPU input to the
/// device when it is bound, so bind an input again after changing its data there.
/// </summary>
public sealed class OrtIoBinding : IDisposable
{
    private readonly OrtIoBindingHandle handle;

    // ORT's binding holds the OrtValues, whose data are these buffers' arrays: keeping the
    // buffers referenced here keeps that memory alive while ORT can still touch it.
    private readonly Dictionary<string, OrtTensorBuffer> inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrtTensorBuffer> outputs = new(StringComparer.Ordinal);

    internal OrtIoBinding(OrtSession session)
    {
        Session = session;
        handle = OrtApi.CreateIoBinding(session.Handle);
    }

    /// <summary>The session this binding runs.</summary>
    public OrtSession Session { get; }

    /// <exception cref="ArgumentException">The model has no such input, or the tensor's shape or type does not fit it.</exception>
    public void BindInput(string name, OrtTensorBuffer tensor)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        Session.CheckBindable(Session.Inputs, "input", name, tensor);
        OrtApi.BindInput(handle, name, tensor.Value);
        inputs[name] = tensor;
    }

    /// <summary>Binds a preallocated output: ORT writes the result into <paramref name="tensor"/>.</summary>
    /// <exception cref="ArgumentException">The model has no such output, or the tensor's shape or type does not fit it.</exception>
    public void BindOutput(string name, OrtTensorBuffer tensor)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        Session.CheckBindable(Session.Outputs, "output", name, tensor);
        OrtApi.BindOutput(handle, name, tensor.Value);
        outputs[name] = tensor;
    }

    public void ClearBoundInputs()
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        OrtApi.ClearBoundInputs(handle);
        inputs.Clear();
    }

    public void ClearBoundOutputs()
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        OrtApi.ClearBoundOutputs(handle);
        outputs.Clear();
    }

    internal void Run()
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        OrtApi.RunWithBinding(Session.Handle, Session.RunOptions, handle, Session.ModelName);
    }

    public void Dispose()
    {
        handle.Dispose();
        inputs.Clear();
        outputs.Clear();
    }
}
