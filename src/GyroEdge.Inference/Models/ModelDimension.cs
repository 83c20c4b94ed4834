using System.Globalization;

namespace GyroEdge.Inference.Models;

/// <summary>One dimension of a manifest tensor: a fixed size, or a symbol (e.g. "height") the model leaves dynamic.</summary>
public readonly record struct ModelDimension
{
    private ModelDimension(long? size, string? symbol)
    {
        Size = size;
        Symbol = symbol;
    }

    /// <summary>The size when fixed; null when symbolic.</summary>
    public long? Size { get; }

    /// <summary>The name when symbolic; null when fixed.</summary>
    public string? Symbol { get; }

    public bool IsSymbolic => Symbol is not null;

    public static ModelDimension Fixed(long size) => new(size, null);

    public static ModelDimension Symbolic(string symbol)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        return new(null, symbol);
    }

    /// <summary>Whether ONNX Runtime's view of the dimension agrees: -1 for a symbol, the same size otherwise.</summary>
    public bool Matches(long runtimeDimension) => IsSymbolic ? runtimeDimension < 0 : runtimeDimension == Size;

    public override string ToString() => Symbol ?? Size!.Value.ToString(CultureInfo.InvariantCulture);
}
