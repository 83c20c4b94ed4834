using GyroEdge.Inference.Models;
using GyroEdge.Inference.OnnxRuntime;
using GyroEdge.Inference.Tests.OnnxRuntime;
using GyroEdge.TestSupport;

namespace GyroEdge.Inference.Tests.Models;

/// <summary>
/// The trainer's export path, end to end: `gyroedge export` turns a checkpoint of the real
/// architecture into a package (tests/trainer/test_export_eval.py writes it among the fixtures,
/// with PyTorch's output for a probe at another size than the traced one), and the daemon's own
/// manifest check and ONNX Runtime binding must accept it and compute the same thing.
/// </summary>
public class ExportedModelParity_Tests
{
    [Theory]
    [InlineData("exported_edge_gyro", ModelKind.Gyro)]
    [InlineData("exported_edge_blind", ModelKind.Blind)]
    public void The_Exported_Package_Passes_The_Daemons_Manifest_Check_And_Matches_PyTorch_Within_1e4(string name, ModelKind kind)
    {
        var fixture = TrainerFixture.Load(name);
        var package = ModelPackage.Load(fixture.ModelPath);
        Assert.Equal(kind, package.Kind);
        using var run = new FixtureRun(fixture, OrtEnvironment.Instance.CreateSession(package.ModelBytes.Span, modelName: package.Name));

        run.Run();

        // The bound for float32 parity; the exporter writes the same figure into the bundle.
        Assert.True(fixture.AbsoluteTolerance <= 1e-4, $"the bundle asks for {fixture.AbsoluteTolerance}, looser than 1e-4");
        run.AssertOutputsMatchPyTorch();
    }
}
