using System.Globalization;
using System.Text;

namespace GyroEdge.Inference.Models;

/// <summary>
/// The top-level facts of an ONNX file read straight from its protobuf encoding (onnx.proto
/// ModelProto: ir_version = 1, opset_import = 8 of OperatorSetIdProto {domain = 1, version = 2}),
/// without ONNX Runtime: so the engine can check the manifest's opset against the file, and say
/// "truncated" for a cut-off file in its own words. Walking the top level skips the graph (field
/// 7) by its length, so even a large model is read in microseconds.
/// </summary>
public sealed class OnnxModelHeader
{
    private const int IrVersionField = 1;
    private const int GraphField = 7;
    private const int OpsetImportField = 8;

    private OnnxModelHeader(long irVersion, bool hasGraph, IReadOnlyList<KeyValuePair<string, long>> opsetImports)
    {
        IrVersion = irVersion;
        HasGraph = hasGraph;
        OpsetImports = opsetImports;
    }

    public long IrVersion { get; }

    public bool HasGraph { get; }

    /// <summary>Domain ("" for the default ONNX domain) to opset version.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> OpsetImports { get; }

    /// <summary>The opset of the default domain ("" or "ai.onnx"), or null when the model imports none.</summary>
    public long? DefaultOpset =>
        OpsetImports.Where(o => o.Key is "" or "ai.onnx").Select(o => (long?)o.Value).FirstOrDefault();

    /// <summary>Reads the header of an ONNX model.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a complete protobuf ModelProto; the message says where it breaks.</exception>
    public static OnnxModelHeader Read(ReadOnlySpan<byte> model)
    {
        long irVersion = 0;
        var hasGraph = false;
        var opsets = new List<KeyValuePair<string, long>>();
        var reader = new ProtobufReader(model);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.Key();
            switch (field, wireType)
            {
                case (IrVersionField, WireType.Varint):
                    irVersion = (long)reader.Varint();
                    break;
                case (OpsetImportField, WireType.LengthDelimited):
                    opsets.Add(ReadOpset(reader.LengthDelimited(field)));
                    break;
                case (GraphField, WireType.LengthDelimited):
                    reader.LengthDelimited(field);
                    hasGraph = true;
                    break;
                default:
                    reader.Skip(field, wireType);
                    break;
            }
        }
        if (!hasGraph)
            throw new InvalidDataException("it holds no graph: not an ONNX model, or one cut off before its graph");
        return new OnnxModelHeader(irVersion, hasGraph, opsets.AsReadOnly());
    }

    private static KeyValuePair<string, long> ReadOpset(ReadOnlySpan<byte> bytes)
    {
        var domain = "";
        long version = 0;
        var reader = new ProtobufReader(bytes);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.Key();
            if (field == 1 && wireType == WireType.LengthDelimited)
                domain = Encoding.UTF8.GetString(reader.LengthDelimited(field));
            else if (field == 2 && wireType == WireType.Varint)
                version = (long)reader.Varint();
            else
                reader.Skip(field, wireType);
        }
        return KeyValuePair.Create(domain, version);
    }

    private enum WireType
    {
        Varint = 0,
        Fixed64 = 1,
        LengthDelimited = 2,
        Fixed32 = 5,
    }

    /// <summary>The protobuf wire format's four live wire types (groups, 3 and 4, are long deprecated and unused by ONNX).</summary>
    private ref struct ProtobufReader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> bytes = bytes;
        private int position;

        public readonly bool AtEnd => position >= bytes.Length;

        public (int Field, WireType Type) Key()
        {
            var start = position;
            var key = Varint();
            var type = (int)(key & 7);
            var field = key >> 3;
            if (field == 0 || field > int.MaxValue || type is 3 or 4 or 6 or 7)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"byte {start} holds no valid protobuf field key (field {field}, wire type {type}): not an ONNX model, or a corrupt one"));
            }
            return ((int)field, (WireType)type);
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (position >= bytes.Length)
                    throw Truncated("a number");
                var b = bytes[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                    return value;
            }
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"byte {position} ends a number longer than 10 bytes: a corrupt ONNX model"));
        }

        public ReadOnlySpan<byte> LengthDelimited(int field)
        {
            var length = Varint();
            if (length > (ulong)(bytes.Length - position))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"field {field}{FieldName(field)} claims {length} bytes but the file ends {bytes.Length - position} bytes later: the file is truncated"));
            }
            var content = bytes.Slice(position, (int)length);
            position += (int)length;
            return content;
        }

        public void Skip(int field, WireType type)
        {
            switch (type)
            {
                case WireType.Varint:
                    Varint();
                    break;
                case WireType.Fixed64:
                    Advance(8);
                    break;
                case WireType.Fixed32:
                    Advance(4);
                    break;
                default:
                    LengthDelimited(field);
                    break;
            }
        }

        private void Advance(int count)
        {
            if (bytes.Length - position < count)
                throw Truncated($"a {count}-byte value");
            position += count;
        }

        private readonly InvalidDataException Truncated(string what) =>
            new(string.Create(CultureInfo.InvariantCulture, $"the file ends at byte {bytes.Length} in the middle of {what}: the file is truncated"));

        private static string FieldName(int field) => field switch
        {
            GraphField => " (graph)",
            OpsetImportField => " (opset_import)",
            _ => "",
        };
    }
}
