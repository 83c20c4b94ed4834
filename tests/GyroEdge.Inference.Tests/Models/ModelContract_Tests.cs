using GyroEdge.Inference.Models;

namespace GyroEdge.Inference.Tests.Models;

public sealed class ModelContract_Tests
{
    [Theory]
    [InlineData("1.22.0", "1.22.0", true)]
    [InlineData("1.22", "1.22.0", true)]
    [InlineData("1.22.0", "1.23.0-dev", true)]
    [InlineData("1.23.1", "1.23.0", false)]
    [InlineData("2.0", "1.30.1", false)]
    public void Runtime_Problem_Compares_Versions_Numerically(string needed, string loaded, bool runs)
    {
        using var packages = new ProbePackages();
        var manifest = ModelPackage.Load(packages.Copy(ProbePackages.BlindName, m => m["min_onnxruntime"] = needed)).Manifest;

        var problem = ModelContract.RuntimeProblem(manifest, loaded);

        if (runs)
            Assert.Null(problem);
        else
            Assert.Equal($"min_onnxruntime: the model needs ONNX Runtime {needed} or newer, the loaded library is {loaded}", problem);
    }

    [Fact]
    public void A_Min_Onnxruntime_That_Is_Not_A_Version_Is_A_Contract_Problem()
    {
        using var packages = new ProbePackages();

        var error = Assert.Throws<ModelPackageException>(
            () => ModelPackage.Load(packages.Copy(ProbePackages.BlindName, m => m["min_onnxruntime"] = "latest")));

        Assert.Contains("min_onnxruntime: \"latest\" is not a version such as \"1.22.0\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Twins_That_Do_Not_Name_Each_Other_Are_Reported_Both_Ways()
    {
        using var packages = new ProbePackages();
        var gyro = ModelPackage.Load(ProbePackages.GyroModel).Manifest;
        var other = ModelPackage.Load(packages.Copy(ProbePackages.BlindName, m => m["name"] = "other-blind", copyName: "other")).Manifest;

        var problems = ModelContract.TwinProblems(gyro, other);

        Assert.Equal(
        [
            "twin: the gyro model \"contract_probe_gyro\" names its twin \"contract_probe_blind\", but the blind model given is \"other-blind\"",
        ], problems);
    }

    [Fact]
    public void Two_Models_Of_The_Same_Kind_Are_Not_Twins()
    {
        var gyro = ModelPackage.Load(ProbePackages.GyroModel).Manifest;

        var problems = ModelContract.TwinProblems(gyro, gyro);

        Assert.Contains("\"contract_probe_gyro\" is a gyro model where the blind twin belongs", problems);
    }

    [Fact]
    public void The_Packages_The_Trainer_Wrote_Keep_The_Contract()
    {
        Assert.Empty(ModelContract.Problems(ModelPackage.Load(ProbePackages.GyroModel).Manifest));
        Assert.Empty(ModelContract.Problems(ModelPackage.Load(ProbePackages.BlindModel).Manifest));
        Assert.Equal(["image", "rotations", "intrinsics"], ModelContract.InputNames(ModelKind.Gyro));
        Assert.Equal(["image"], ModelContract.InputNames(ModelKind.Blind));
    }
}
