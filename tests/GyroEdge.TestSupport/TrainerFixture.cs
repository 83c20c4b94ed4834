using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GyroEdge.TestSupport;

/// <summary>
/// One model the trainer's tests exported with PyTorch, with the inputs they fed it and the
/// outputs PyTorch produced. Format (written by gyroedge_trainer/testing/onnx_fixtures.py):
/// <c>NAME.onnx</c> and <c>NAME.io.json</c> = {"inputs": [{"name", "shape", "file"}],
/// "outputs": [...], "atol": float}; each "file" holds raw little-endian float32 values, C order.
/// </summary>
public sealed class TrainerFixture
{
    private TrainerFixture(string name, string modelPath, IReadOnlyList<FixtureTensor> inputs, IReadOnlyList<FixtureTensor> outputs, double absoluteTolerance)
    {
        Name = name;
        ModelPath = modelPath;
        Inputs = inputs;
        Outputs = outputs;
        AbsoluteTolerance = absoluteTolerance;
    }

    public string Name { get; }
    public string ModelPath { get; }
    public IReadOnlyList<FixtureTensor> Inputs { get; }
    public IReadOnlyList<FixtureTensor> Outputs { get; }

    /// <summary>The largest absolute difference from PyTorch the exporter considers a match.</summary>
    public double AbsoluteTolerance { get; }

    /// <summary>
    /// Loads fixture <paramref name="name"/>. A missing fixture fails the test (it is never
    /// skipped): the trainer's tests must run first, which `./gyroedge test` does.
    /// </summary>
    public static TrainerFixture Load(string name)
    {
        var dir = Repository.TrainerFixtures;
        var manifestPath = Path.Combine(dir, name + ".io.json");
        if (!File.Exists(manifestPath))
        {
            throw new FileNotFoundException(
                $"Trainer fixture '{name}' is missing from {dir}. The trainer's pytest suite exports it; run ./gyroedge test "
                + "(or: GYROEDGE_TEST_FIXTURES=build/test-fixtures python3 -m pytest tests/trainer) first.", manifestPath);
        }
        var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath))
            ?? throw new InvalidDataException($"{manifestPath} is empty.");
        return new TrainerFixture(
            name,
            Path.Combine(dir, name + ".onnx"),
            manifest.Inputs.Select(t => t.Read(dir)).ToArray(),
            manifest.Outputs.Select(t => t.Read(dir)).ToArray(),
            manifest.Atol);
    }

    private sealed record Manifest(
        [property: JsonPropertyName("inputs")] TensorEntry[] Inputs,
        [property: JsonPropertyName("outputs")] TensorEntry[] Outputs,
        [property: JsonPropertyName("atol")] double Atol);

    private sealed record TensorEntry(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("shape")] long[] Shape,
        [property: JsonPropertyName("file")] string File)
    {
        public FixtureTensor Read(string dir)
        {
            var bytes = System.IO.File.ReadAllBytes(Path.Combine(dir, File));
            var values = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
            var expected = Shape.Aggregate(1L, (a, b) => a * b);
            if (values.Length != expected)
                throw new InvalidDataException($"{File} holds {values.Length} floats; shape [{string.Join(',', Shape)}] needs {expected}.");
            return new FixtureTensor(Name, Shape, values);
        }
    }
}

/// <summary>A named float32 tensor from a trainer fixture.</summary>
public sealed record FixtureTensor(string Name, long[] Shape, float[] Values);
