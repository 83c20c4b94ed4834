using GyroEdge.Inference.OnnxRuntime.Interop;

namespace GyroEdge.Inference.OnnxRuntime;

/// <summary>
/// A float32 tensor whose memory GyroEdge owns and ORT reads and writes in place: a pinned array
/// (it never moves, so ORT can keep its address) and the OrtValue over it, both created once. Fill
/// <see cref="Span"/> before a run and read it after; no run copies or allocates.
/// </summary>
public sealed class OrtTensorBuffer : IDisposable
{
    // PublicationOnly: a failure (library missing) is not cached, so a later call can succeed.
    private static readonly Lazy<OrtMemoryInfoHandle> CpuMemory = new(OrtApi.CreateCpuMemoryInfo, LazyThreadSafetyMode.PublicationOnly);

    private readonly float[] data;
    private readonly long[] shape;

    /// <param name="shape">Every dimension a positive size (resolve a model's -1 dimensions first).</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive, or the tensor exceeds an array's size.</exception>
    public OrtTensorBuffer(params ReadOnlySpan<long> shape)
    {
        long count = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(shape), shape[i],
                    $"Dimension {i} of [{string.Join(',', shape.ToArray())}] is {shape[i]}; every dimension must be a positive size "
                    + "(give a model's dynamic (-1) dimensions the size you will run with).");
            }
            count = count > Array.MaxLength / shape[i] ? long.MaxValue : count * shape[i];
        }
        if (count > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), count,
                $"A tensor of [{string.Join(',', shape.ToArray())}] has more than {Array.MaxLength} elements, more than one buffer can hold.");
        }
        this.shape = shape.ToArray();
        Shape = Array.AsReadOnly(this.shape);
        data = GC.AllocateArray<float>((int)count, pinned: true);
        Value = OrtApi.CreateFloatTensor(CpuMemory.Value, data, this.shape);
    }

    public IReadOnlyList<long> Shape { get; }

    /// <summary>Number of elements.</summary>
    public int Length => data.Length;

    /// <summary>The elements in C order (last dimension fastest).</summary>
    public Span<float> Span => data;

    /// <summary>The same elements as <see cref="Span"/>, for code that needs a Memory.</summary>
    public Memory<float> Memory => data;

    internal OrtValueHandle Value { get; }

    internal bool IsDisposed => Value.IsClosed;

    /// <summary>
    /// Takes a reference on the OrtValue for one native call and returns its pointer; pair with
    /// <see cref="EndLease"/>. Allocates nothing unless the tensor was disposed.
    /// </summary>
    internal nint Lease()
    {
        var added = false;
        try
        {
            Value.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(nameof(OrtTensorBuffer),
                $"The {this} tensor was disposed while still bound; keep bound tensors alive as long as their binding is used.");
        }
        return Value.DangerousGetHandle();
    }

    internal void EndLease() => Value.DangerousRelease();

    /// <summary>"Float[1,3,64,96]".</summary>
    public override string ToString() => $"{OrtElementType.Float}[{string.Join(',', shape)}]";

    /// <summary>Releases the OrtValue; the elements stay readable until the buffer is collected.</summary>
    public void Dispose() => Value.Dispose();
}
