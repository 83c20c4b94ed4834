using System.Text.Json.Nodes;
using GyroEdge.TestSupport;

namespace GyroEdge.Inference.Tests.Models;

/// <summary>
/// The two model packages the trainer's pytest suite exports with manifests written by Python
/// (tests/trainer/test_manifest.py): the contract probe as a gyro model and its blind twin, both
/// with align 8 and dynamic height and width. Also copies them into a scratch folder with an
/// edited manifest, to check each way a package can be wrong.
/// </summary>
internal sealed class ProbePackages : IDisposable
{
    public const string GyroName = "contract_probe_gyro";
    public const string BlindName = "contract_probe_blind";

    public string Scratch { get; } = Directory.CreateTempSubdirectory("gyroedge-packages-").FullName;

    public static string GyroModel => Path.Combine(Repository.TrainerFixtures, GyroName + ".onnx");
    public static string GyroManifest => Path.Combine(Repository.TrainerFixtures, GyroName + ".manifest.json");
    public static string BlindModel => Path.Combine(Repository.TrainerFixtures, BlindName + ".onnx");
    public static string BlindManifest => Path.Combine(Repository.TrainerFixtures, BlindName + ".manifest.json");

    /// <summary>The manifest the trainer wrote for <paramref name="name"/>, as editable JSON.</summary>
    public static JsonObject ManifestJson(string name)
    {
        var path = Path.Combine(Repository.TrainerFixtures, name + ".manifest.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The model package {name} is missing from {Repository.TrainerFixtures}: the trainer's pytest suite writes it. Run ./gyroedge test "
                + "(or: GYROEDGE_TEST_FIXTURES=build/test-fixtures PYTHONPATH=src/trainer python3 -m pytest tests/trainer) first.", path);
        }
        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }

    /// <summary>
    /// Copies package <paramref name="name"/>'s model into the scratch folder as
    /// <paramref name="copyName"/>.onnx and writes beside it its manifest after <paramref name="edit"/>;
    /// returns the model's path.
    /// </summary>
    public string Copy(string name, Action<JsonObject>? edit = null, string? copyName = null, byte[]? modelBytes = null)
    {
        copyName ??= name;
        var model = Path.Combine(Scratch, copyName + ".onnx");
        File.WriteAllBytes(model, modelBytes ?? File.ReadAllBytes(Path.Combine(Repository.TrainerFixtures, name + ".onnx")));
        var manifest = ManifestJson(name);
        manifest["file"] = copyName + ".onnx";
        edit?.Invoke(manifest);
        File.WriteAllText(Path.Combine(Scratch, copyName + ".manifest.json"), manifest.ToJsonString());
        return model;
    }

    public void Dispose() => Directory.Delete(Scratch, recursive: true);
}
