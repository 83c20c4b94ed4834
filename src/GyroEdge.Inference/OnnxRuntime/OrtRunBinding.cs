using GyroEdge.Inference.OnnxRuntime.Interop;

namespace GyroEdge.Inference.OnnxRuntime;

/// <summary>
/// The tensors one caller runs a session with, prepared once by <see cref="OrtSession.Bind"/>:
/// names as C strings and value pointers in pinned arrays, so <see cref="OrtSession.Run(OrtRunBinding)"/>
/// hands them to ORT as they are and allocates nothing. Not for concurrent runs: each thread
/// needs its own binding and tensors.
/// </summary>
public sealed class OrtRunBinding
{
    private readonly OrtTensorBuffer[] tensors; // inputs, then outputs: the order of `values`
    private readonly nint[] values;
    private readonly int inputCount;
    private readonly Utf8NameList inputNames;
    private readonly Utf8NameList outputNames;

    internal OrtRunBinding(
        OrtSession session,
        IReadOnlyList<KeyValuePair<string, OrtTensorBuffer>> inputs,
        IReadOnlyList<KeyValuePair<string, OrtTensorBuffer>> outputs)
    {
        Session = session;
        Inputs = inputs.ToDictionary(StringComparer.Ordinal).AsReadOnly();
        Outputs = outputs.ToDictionary(StringComparer.Ordinal).AsReadOnly();
        tensors = [.. inputs.Select(p => p.Value), .. outputs.Select(p => p.Value)];
        values = GC.AllocateArray<nint>(tensors.Length, pinned: true);
        inputCount = inputs.Count;
        inputNames = new Utf8NameList([.. inputs.Select(p => p.Key)]);
        outputNames = new Utf8NameList([.. outputs.Select(p => p.Key)]);
    }

    /// <summary>The session this binding runs.</summary>
    public OrtSession Session { get; }

    public IReadOnlyDictionary<string, OrtTensorBuffer> Inputs { get; }

    public IReadOnlyDictionary<string, OrtTensorBuffer> Outputs { get; }

    internal void Run()
    {
        var leased = 0;
        try
        {
            for (; leased < tensors.Length; leased++)
                values[leased] = tensors[leased].Lease();
            OrtApi.Run(
                Session.Handle,
                Session.RunOptions,
                inputNames.Pointers,
                values.AsSpan(0, inputCount),
                outputNames.Pointers,
                values.AsSpan(inputCount),
                Session.ModelName);
        }
        finally
        {
            for (var i = 0; i < leased; i++)
                tensors[i].EndLease();
        }
    }
}
