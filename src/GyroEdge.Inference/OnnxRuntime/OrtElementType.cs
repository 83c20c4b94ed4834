using System.Diagnostics.CodeAnalysis;

namespace GyroEdge.Inference.OnnxRuntime;

/// <summary>A tensor's element type (ONNXTensorElementDataType; the values are ONNX's).</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name",
    Justification = "The members are element type names by definition, spelled as ONNX spells them (FLOAT, INT8, ...).")]
public enum OrtElementType
{
    /// <summary>Not a tensor (a sequence, map or optional), or no type recorded.</summary>
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
}
