namespace GyroEdge.Inference.Models;

/// <summary>An input or output as the manifest declares it: name, element type ("float32") and shape.</summary>
public sealed class ModelTensor
{
    public ModelTensor(string name, string elementType, IReadOnlyList<ModelDimension> shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(elementType);
        ArgumentNullException.ThrowIfNull(shape);
        Name = name;
        ElementType = elementType;
        Shape = shape.ToArray().AsReadOnly();
    }

    public string Name { get; }

    /// <summary>numpy's spelling, as the trainer writes it: "float32".</summary>
    public string ElementType { get; }

    public IReadOnlyList<ModelDimension> Shape { get; }

    /// <summary>"image float32[1,3,height,width]".</summary>
    public override string ToString() => $"{Name} {ElementType}[{string.Join(',', Shape)}]";
}
