using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GyroEdge.Inference.Models;

namespace GyroEdge.Inference.Tests.Models;

/// <summary>Packages as the trainer writes them, and every way a manifest can disagree with its file or the contract.</summary>
public sealed class ModelPackage_Tests : IDisposable
{
    private readonly ProbePackages packages = new();

    public void Dispose() => packages.Dispose();

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private ModelPackageException Refused(string name, Action<JsonObject> edit) =>
        Assert.Throws<ModelPackageException>(() => ModelPackage.Load(packages.Copy(name, edit)));

    [Fact]
    public void Loads_The_Gyro_Package_The_Trainer_Wrote()
    {
        var package = ModelPackage.Load(ProbePackages.GyroModel);

        var manifest = package.Manifest;
        Assert.Equal((ProbePackages.GyroName, ModelKind.Gyro, ProbePackages.BlindName), (manifest.Name, manifest.Kind, manifest.Twin));
        Assert.Equal((5, 8, 16), (manifest.RotationCount!.Value, manifest.Align, manifest.Opset));
        Assert.Equal(["image float32[1,3,height,width]", "rotations float32[1,5,3,3]", "intrinsics float32[1,3,3]"], manifest.Inputs.Select(t => t.ToString()));
        Assert.Equal(["sharp float32[1,3,height,width]"], manifest.Outputs.Select(t => t.ToString()));
        Assert.Equal(("srgb", "1.22.0"), (manifest.ColorEncoding, manifest.MinOnnxRuntime));
        Assert.Equal(Sha256(File.ReadAllBytes(ProbePackages.GyroModel)), manifest.Sha256);
        Assert.Equal(File.ReadAllBytes(ProbePackages.GyroModel), package.ModelBytes.ToArray());
        Assert.Equal(ProbePackages.GyroManifest, package.ManifestPath);
    }

    [Fact]
    public void Loads_The_Blind_Twin_From_Its_Manifest_Path()
    {
        var package = ModelPackage.Load(ProbePackages.BlindManifest);

        Assert.Equal(ModelKind.Blind, package.Kind);
        Assert.Equal(ProbePackages.GyroName, package.Manifest.Twin);
        Assert.Null(package.Manifest.RotationCount);
        Assert.Equal(["image"], package.Manifest.Inputs.Select(t => t.Name));
        Assert.Equal(ProbePackages.BlindModel, package.ModelPath);
        Assert.True(package.Manifest.Metrics.ContainsKey("psnr_db"));
    }

    [Fact]
    public void Refuses_A_Model_Whose_Sha256_Differs_Naming_Both_Hashes()
    {
        var other = new string('a', 64);
        var actual = Sha256(File.ReadAllBytes(ProbePackages.GyroModel));

        var error = Refused(ProbePackages.GyroName, m => m["sha256"] = other);

        Assert.Contains($"sha256: the manifest says {other}, the file ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"hashes to {actual}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Export the model again with the trainer", error.Message, StringComparison.Ordinal);
        Assert.Single(error.Problems);
    }

    [Fact]
    public void Refuses_A_Manifest_That_Belongs_To_Another_Model()
    {
        // The blind twin's manifest beside the gyro model, under the gyro model's name.
        var model = Path.Combine(packages.Scratch, "contract_probe_gyro.onnx");
        File.Copy(ProbePackages.GyroModel, model);
        File.Copy(ProbePackages.BlindManifest, Path.Combine(packages.Scratch, "contract_probe_gyro.manifest.json"));

        var error = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(model));

        Assert.Contains("file: the manifest describes \"contract_probe_blind.onnx\", not \"contract_probe_gyro.onnx\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("sha256: the manifest says", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_A_Truncated_Model_Saying_It_Is_Truncated()
    {
        var whole = File.ReadAllBytes(ProbePackages.GyroModel);

        var error = Assert.Throws<ModelPackageException>(
            () => ModelPackage.Load(packages.Copy(ProbePackages.GyroName, modelBytes: whole[..(whole.Length / 2)])));

        Assert.Contains("sha256: the manifest says", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not a complete ONNX model", error.Message, StringComparison.Ordinal);
        Assert.Contains("the file is truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_A_Truncated_Model_Even_When_Its_Manifest_Was_Rewritten_To_Match()
    {
        var cut = File.ReadAllBytes(ProbePackages.GyroModel)[..1000];

        var error = Assert.Throws<ModelPackageException>(
            () => ModelPackage.Load(packages.Copy(ProbePackages.GyroName, m => m["sha256"] = Sha256(cut), modelBytes: cut)));

        Assert.Single(error.Problems);
        Assert.Contains("is not a complete ONNX model", error.Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_A_File_That_Is_Not_Onnx_At_All()
    {
        var text = "this is not a model"u8.ToArray();

        var error = Assert.Throws<ModelPackageException>(
            () => ModelPackage.Load(packages.Copy(ProbePackages.BlindName, m => m["sha256"] = Sha256(text), modelBytes: text)));

        Assert.Contains("is not a complete ONNX model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_Input_Names_That_Differ_From_The_Contract()
    {
        var error = Refused(ProbePackages.GyroName, m => m["inputs"]![1]!["name"] = "rotation");

        Assert.Contains("inputs: the manifest declares [image, rotation, intrinsics], a gyro model takes [image, rotations, intrinsics]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_An_Output_Not_Named_Sharp_Or_Not_Float32()
    {
        var error = Refused(ProbePackages.BlindName, m =>
        {
            m["outputs"]![0]!["name"] = "output";
            m["outputs"]![0]!["type"] = "float16";
        });

        Assert.Contains("outputs: the manifest declares [output], the contract gives [sharp]", error.Message, StringComparison.Ordinal);
        Assert.Contains("output: element type float16, the contract is float32 throughout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_A_Rotation_Count_That_Differs_From_The_Rotations_Shape()
    {
        var error = Refused(ProbePackages.GyroName, m => m["rotation_count"] = 7);

        Assert.Contains("rotation_count: the manifest says M = 7, but its input rotations float32[1,5,3,3] has 5 rotations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_Rotations_And_Intrinsics_Of_The_Wrong_Shape()
    {
        var error = Refused(ProbePackages.GyroName, m =>
        {
            m["inputs"]![1]!["shape"] = new JsonArray(1, 5, 4, 4);
            m["inputs"]![2]!["shape"] = new JsonArray(3, 3);
        });

        Assert.Contains("rotations: rotations float32[1,5,4,4] has 4 in dimension 2, the contract needs 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("intrinsics: intrinsics float32[3,3] has rank 2, the contract needs rank 3 [1,3,3]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_A_Fixed_Size_That_Is_Not_A_Multiple_Of_Align()
    {
        var error = Refused(ProbePackages.BlindName, m =>
        {
            m["inputs"]![0]!["shape"] = new JsonArray(1, 3, 64, 96);
            m["outputs"]![0]!["shape"] = new JsonArray(1, 3, 64, 96);
            m["align"] = 64;
        });

        Assert.Contains("image: width 96 is not a multiple of align 64", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("height", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_A_File_Name_That_Leaves_The_Manifests_Folder()
    {
        var model = packages.Copy(ProbePackages.BlindName, m => m["file"] = "../contract_probe_blind.onnx");

        var error = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(ModelPackage.ManifestPathFor(model)));

        Assert.Contains("file: \"../contract_probe_blind.onnx\" must be the name of an .onnx file beside the manifest, without a folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_An_Align_That_Is_Not_Positive()
    {
        var error = Refused(ProbePackages.GyroName, m => m["align"] = 0);

        Assert.Contains("align: 0 is not a positive stride", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_An_Opset_That_Differs_From_The_File_And_One_Above_17()
    {
        var differs = Refused(ProbePackages.GyroName, m => m["opset"] = 17);
        var above = Refused(ProbePackages.GyroName, m => m["opset"] = 18);

        Assert.Contains("opset: the manifest says 17, the file imports opset 16", differs.Message, StringComparison.Ordinal);
        Assert.Contains("opset: 18 is outside the contract's 1 to 17", above.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_A_Twin_That_Names_The_Model_Itself_And_An_Unknown_Kind()
    {
        var twin = Refused(ProbePackages.GyroName, m => m["twin"] = ProbePackages.GyroName);
        var kind = Refused(ProbePackages.GyroName, m => m["kind"] = "deblur");

        Assert.Contains("twin: names the model itself (\"contract_probe_gyro\"); it must name the blind twin", twin.Message, StringComparison.Ordinal);
        Assert.Contains("kind: \"deblur\" is not a model kind; expected \"gyro\" or \"blind\"", kind.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_A_Blind_Model_Declared_As_Gyro()
    {
        var error = Refused(ProbePackages.BlindName, m => m["kind"] = "gyro");

        Assert.Contains("inputs: the manifest declares [image], a gyro model takes [image, rotations, intrinsics]", error.Message, StringComparison.Ordinal);
        Assert.Contains("rotation_count: null, a gyro model needs M", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_A_Blind_Model_With_A_Rotation_Count()
    {
        var error = Refused(ProbePackages.BlindName, m => m["rotation_count"] = 5);

        Assert.Contains("rotation_count: 5, a blind model takes no rotations (null)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_Another_Colour_Encoding_Or_Schema()
    {
        var error = Refused(ProbePackages.GyroName, m =>
        {
            m["color_encoding"] = "linear";
            m["schema"] = 2;
        });

        Assert.Contains("color_encoding: \"linear\", the contract is \"srgb\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("schema: the manifest is schema 2, this GyroEdge reads schema 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_Every_Missing_Or_Mistyped_Field_At_Once()
    {
        var error = Refused(ProbePackages.GyroName, m =>
        {
            m.Remove("sha256");
            m["align"] = "eight";
            m["training"] = "yes";
        });

        Assert.Contains("sha256: missing (models/MANIFEST.md lists every field)", error.Problems);
        Assert.Contains("align: expected an integer, got a string \"eight\"", error.Problems);
        Assert.Contains("training: expected an object with data, got a string \"yes\"", error.Problems);
    }

    [Fact]
    public void Refuses_A_Manifest_That_Is_Not_Json()
    {
        var model = packages.Copy(ProbePackages.BlindName);
        File.WriteAllText(ModelPackage.ManifestPathFor(model), "{ \"name\": ");

        var error = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(model));

        Assert.Contains("the manifest is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal(ModelPackage.ManifestPathFor(model), error.PackagePath);
    }

    [Fact]
    public void A_Model_Without_A_Manifest_Is_Refused_Naming_The_Manifest_Expected()
    {
        var model = Path.Combine(packages.Scratch, "bare.onnx");
        File.Copy(ProbePackages.BlindModel, model);

        var error = Assert.Throws<FileNotFoundException>(() => ModelPackage.Load(model));

        Assert.Contains($"expected {Path.Combine(packages.Scratch, "bare.manifest.json")}", error.Message, StringComparison.Ordinal);
        Assert.Contains("python3 -m gyroedge_trainer.manifest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Manifest_Whose_Model_File_Is_Missing_Names_The_File()
    {
        var model = packages.Copy(ProbePackages.BlindName);
        File.Delete(model);

        var error = Assert.Throws<FileNotFoundException>(() => ModelPackage.Load(ModelPackage.ManifestPathFor(model)));

        Assert.Contains($"The model file {model} that the manifest", error.Message, StringComparison.Ordinal);
    }
}
