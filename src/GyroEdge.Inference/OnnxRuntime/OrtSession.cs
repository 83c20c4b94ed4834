using System.Diagnostics;
using System.Runtime.InteropServices;
using GyroEdge.Inference.OnnxRuntime.Interop;

namespace GyroEdge.Inference.OnnxRuntime;

/// <summary>
/// A loaded model ready to run (OrtSession). Create it with <see cref="OrtEnvironment.CreateSession(string, OrtSessionOptions?)"/>,
/// bind tensors once with <see cref="Bind"/>, then call <see cref="Run(OrtRunBinding)"/> per frame.
/// Runs may overlap on different bindings (ORT's Run is thread-safe).
/// </summary>
public sealed class OrtSession : IDisposable
{
    private OrtSession(OrtSessionHandle handle, string modelName)
    {
        Handle = handle;
        ModelName = modelName;
        Inputs = Enumerable.Range(0, OrtApi.InputCount(handle)).Select(i => OrtApi.DescribeInput(handle, i)).ToArray().AsReadOnly();
        Outputs = Enumerable.Range(0, OrtApi.OutputCount(handle)).Select(i => OrtApi.DescribeOutput(handle, i)).ToArray().AsReadOnly();
        // Created once, not per run (a run must not allocate).
        RunOptions = OrtApi.CreateRunOptions();
    }

    /// <summary>The model's full path, or the name given for an in-memory model: errors name it.</summary>
    public string ModelName { get; }

    /// <summary>The inputs in the model's order; -1 marks a dynamic dimension.</summary>
    public IReadOnlyList<OrtTensorInfo> Inputs { get; }

    /// <summary>The outputs in the model's order; -1 marks a dynamic dimension.</summary>
    public IReadOnlyList<OrtTensorInfo> Outputs { get; }

    internal OrtSessionHandle Handle { get; }

    internal OrtRunOptionsHandle RunOptions { get; }

    /// <summary>
    /// Prepares a run over preallocated tensors: every model input, and the outputs to compute
    /// (ORT writes them into the given tensors). Checks names, element types and shapes here, so
    /// that mistakes surface once, with the model's declaration in the message.
    /// </summary>
    /// <exception cref="ArgumentException">A name the model lacks, a missing input, no output, or a shape or type that does not fit.</exception>
    public OrtRunBinding Bind(IReadOnlyDictionary<string, OrtTensorBuffer> inputs, IReadOnlyDictionary<string, OrtTensorBuffer> outputs)
    {
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        foreach (var (name, tensor) in inputs)
            CheckBindable(Inputs, "input", name, tensor);
        foreach (var (name, tensor) in outputs)
            CheckBindable(Outputs, "output", name, tensor);

        var missing = Inputs.Where(i => !inputs.ContainsKey(i.Name)).ToArray();
        if (missing.Length > 0)
        {
            throw new ArgumentException(
                $"Model '{ModelName}' needs every input bound; missing: {string.Join("; ", missing.AsEnumerable())}.", nameof(inputs));
        }
        if (outputs.Count == 0)
        {
            throw new ArgumentException(
                $"Bind at least one output of model '{ModelName}' to receive results: {string.Join("; ", Outputs)}.", nameof(outputs));
        }
        return new OrtRunBinding(
            this,
            [.. Inputs.Select(i => KeyValuePair.Create(i.Name, inputs[i.Name]))],
            [.. Outputs.Where(o => outputs.ContainsKey(o.Name)).Select(o => KeyValuePair.Create(o.Name, outputs[o.Name]))]);
    }

    /// <summary>Runs the model on the binding's inputs, writing its outputs. Allocates no managed memory.</summary>
    /// <exception cref="OnnxRuntimeException">ORT failed (e.g. a dynamic output's size does not match the bound tensor).</exception>
    public void Run(OrtRunBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        if (binding.Session != this)
            throw new ArgumentException($"The binding was made for model '{binding.Session.ModelName}', not '{ModelName}'.", nameof(binding));
        binding.Run();
    }

    /// <summary>Creates an ORT IoBinding for this session.</summary>
    public OrtIoBinding CreateIoBinding()
    {
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        return new OrtIoBinding(this);
    }

    /// <summary>Runs the model with ORT's IoBinding (OrtApi::RunWithBinding).</summary>
    /// <exception cref="OnnxRuntimeException">ORT failed, e.g. an input was not bound.</exception>
    public void Run(OrtIoBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        if (binding.Session != this)
            throw new ArgumentException($"The IoBinding was made for model '{binding.Session.ModelName}', not '{ModelName}'.", nameof(binding));
        binding.Run();
    }

    public void Dispose()
    {
        RunOptions.Dispose();
        Handle.Dispose();
    }

    internal static OrtSession Open(OrtEnvironment environment, OrtSessionOptions options, string modelName, string? path, ReadOnlySpan<byte> model)
    {
        options.Validate();
        using var native = OrtApi.CreateSessionOptions();
        OrtApi.SetGraphOptimizationLevel(native, options.GraphOptimizationLevel);
        OrtApi.SetLogSeverity(native, options.LogSeverity);
        OrtApi.SetIntraOpThreads(native, options.IntraOpThreads);
        OrtApi.SetInterOpThreads(native, options.InterOpThreads);
        foreach (var (key, value) in options.ConfigEntries)
            OrtApi.AddConfigEntry(native, key, value);

        // Provider options stay alive until the session exists: the session options refer to them.
        var providerOptions = new List<SafeHandle>();
        try
        {
            foreach (var provider in options.ExecutionProviders)
                providerOptions.Add(Append(native, provider));

            var handle = path is null
                ? OrtApi.CreateSessionFromArray(environment.Handle, model, native, modelName)
                : OrtApi.CreateSession(environment.Handle, path, native);
            try
            {
                return new OrtSession(handle, modelName);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }
        finally
        {
            foreach (var created in providerOptions)
                created.Dispose();
        }
    }

    internal void CheckBindable(IReadOnlyList<OrtTensorInfo> declared, string role, string name, OrtTensorBuffer tensor)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tensor);
        var info = declared.FirstOrDefault(d => d.Name == name)
            ?? throw new ArgumentException(
                $"Model '{ModelName}' has no {role} named '{name}'. Its {role}s: {string.Join("; ", declared)}. "
                + $"Bind each {role} by the name the model declares.", nameof(name));
        ObjectDisposedException.ThrowIf(tensor.IsDisposed, tensor);
        if (info.ElementType != OrtElementType.Float)
        {
            throw new ArgumentException(
                $"The {role} {info} of model '{ModelName}' is not float32, and OrtTensorBuffer holds float32 only: "
                + "export the model with float32 inputs and outputs (DESIGN.md model contract).", nameof(tensor));
        }
        if (!info.Accepts(tensor.Shape))
        {
            throw new ArgumentException(
                $"The {role} '{name}' of model '{ModelName}' is {info}, but the tensor bound to it is {tensor}. "
                + "Allocate the tensor with the model's shape (a -1 dimension accepts any size).", nameof(tensor));
        }
    }

    private static SafeHandle Append(OrtSessionOptionsHandle native, ExecutionProvider provider)
    {
        try
        {
            return provider.Kind switch
            {
                ExecutionProviderKind.TensorRt => OrtApi.AppendTensorRt(native, provider.Options),
                ExecutionProviderKind.Cuda => OrtApi.AppendCuda(native, provider.Options),
                _ => throw new UnreachableException($"Unknown execution provider {provider.Kind}."),
            };
        }
        catch (OnnxRuntimeException e)
        {
            throw new ExecutionProviderUnavailableException(provider.Name, e);
        }
    }
}
