using GyroEdge.Inference.Models;
using GyroEdge.TestSupport;

namespace GyroEdge.Inference.Tests.Models;

public sealed class OnnxModelHeader_Tests
{
    [Fact]
    public void Reads_The_Opset_And_Ir_Version_Torch_Exported()
    {
        // torch 1.13 writes IR version 8 at opset 16 (onnx_fixtures.OPSET).
        var header = OnnxModelHeader.Read(File.ReadAllBytes(TrainerFixture.Load("contract_probe").ModelPath));

        Assert.Equal(16, header.DefaultOpset);
        Assert.Equal(8, header.IrVersion);
        Assert.True(header.HasGraph);
    }

    [Fact]
    public void A_Cut_Off_File_Is_Reported_As_Truncated_Naming_The_Field()
    {
        var whole = File.ReadAllBytes(TrainerFixture.Load("conv_small").ModelPath);

        var error = Assert.Throws<InvalidDataException>(() => OnnxModelHeader.Read(whole.AsSpan(0, whole.Length - 10)));

        Assert.Contains("field 7 (graph) claims", error.Message, StringComparison.Ordinal);
        Assert.Contains("the file is truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_That_Are_Not_Protobuf_Are_Refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => OnnxModelHeader.Read("{\"not\": \"onnx\"}"u8));

        Assert.Contains("holds no valid protobuf field key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Empty_File_Has_No_Graph()
    {
        var error = Assert.Throws<InvalidDataException>(() => OnnxModelHeader.Read([]));

        Assert.Contains("it holds no graph", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_A_Hand_Encoded_Model_With_Two_Opset_Imports()
    {
        // ModelProto { ir_version: 7, graph: {}, opset_import: [{domain: "com.microsoft", version: 1}, {version: 13}] },
        // encoded by hand from the protobuf wire format: key = field << 3 | wire type.
        byte[] model =
        [
            0x08, 0x07,                         // field 1 varint: 7
            0x3A, 0x00,                         // field 7 length 0: empty graph
            0x42, 0x11, 0x0A, 0x0D, .. "com.microsoft"u8, 0x10, 0x01, // field 8: {1: "com.microsoft", 2: 1}
            0x42, 0x02, 0x10, 0x0D,             // field 8: {2: 13}
        ];

        var header = OnnxModelHeader.Read(model);

        Assert.Equal(7, header.IrVersion);
        Assert.Equal(13, header.DefaultOpset);
        Assert.Equal([KeyValuePair.Create("com.microsoft", 1L), KeyValuePair.Create("", 13L)], header.OpsetImports);
    }
}
