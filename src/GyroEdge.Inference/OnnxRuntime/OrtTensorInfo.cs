namespace GyroEdge.Inference.OnnxRuntime;

/// <summary>A model input or output as the model declares it.</summary>
public sealed class OrtTensorInfo
{
    public OrtTensorInfo(string name, OrtElementType elementType, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        Name = name;
        ElementType = elementType;
        Shape = shape.ToArray().AsReadOnly();
    }

    public string Name { get; }

    public OrtElementType ElementType { get; }

    /// <summary>The dimensions; -1 where the model leaves one dynamic (a named dim_param or none).</summary>
    public IReadOnlyList<long> Shape { get; }

    public bool HasDynamicDimensions => Shape.Any(d => d < 0);

    /// <summary>Whether a tensor of <paramref name="shape"/> fits: same rank, equal static dimensions.</summary>
    public bool Accepts(IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count != Shape.Count)
            return false;
        for (var i = 0; i < shape.Count; i++)
        {
            if (Shape[i] >= 0 && Shape[i] != shape[i])
                return false;
        }
        return true;
    }

    /// <summary>"image Float[1,3,-1,-1]".</summary>
    public override string ToString() => $"{Name} {ElementType}[{string.Join(',', Shape)}]";
}
