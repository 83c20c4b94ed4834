using System.Globalization;
using System.Text.Json;

namespace GyroEdge.Inference.Models;

/// <summary>
/// The manifest beside a model (NAME.manifest.json), as the trainer writes it
/// (gyroedge_trainer/manifest.py). Every field is documented in models/MANIFEST.md.
/// <see cref="Parse"/> checks the JSON's structure only; <see cref="ModelContract"/> checks the
/// values against the model contract, and <see cref="ModelPackage"/> against the file.
/// </summary>
public sealed class ModelManifest
{
    /// <summary>The schema this reader understands (the manifest's `schema`).</summary>
    public const int SupportedSchema = 1;

    private ModelManifest()
    {
    }

    public int Schema { get; private init; }
    public string Name { get; private init; } = "";
    public string Version { get; private init; } = "";
    public ModelKind Kind { get; private init; }
    public string Twin { get; private init; } = "";

    /// <summary>The .onnx file name, relative to the manifest's folder.</summary>
    public string File { get; private init; } = "";

    /// <summary>64 lowercase hex digits.</summary>
    public string Sha256 { get; private init; } = "";

    public int Opset { get; private init; }
    public IReadOnlyList<ModelTensor> Inputs { get; private init; } = [];
    public IReadOnlyList<ModelTensor> Outputs { get; private init; } = [];

    /// <summary>M, the rotations a gyro model takes; null for a blind model.</summary>
    public int? RotationCount { get; private init; }

    /// <summary>H and W of the image must be multiples of this.</summary>
    public int Align { get; private init; }

    public string ColorEncoding { get; private init; } = "";

    /// <summary>As written, e.g. "1.22.0".</summary>
    public string MinOnnxRuntime { get; private init; } = "";

    public string TrainingData { get; private init; } = "";
    public string TrainingRecipe { get; private init; } = "";

    /// <summary>Validation figures by name; null where the trainer recorded none.</summary>
    public IReadOnlyDictionary<string, double?> Metrics { get; private init; } = new Dictionary<string, double?>();

    /// <summary>The tensor named <paramref name="name"/> among the inputs, or null.</summary>
    public ModelTensor? Input(string name) => Inputs.FirstOrDefault(t => t.Name == name);

    /// <summary>The tensor named <paramref name="name"/> among the outputs, or null.</summary>
    public ModelTensor? Output(string name) => Outputs.FirstOrDefault(t => t.Name == name);

    /// <summary>Reads a manifest from its JSON text.</summary>
    /// <param name="source">Names the manifest in errors (its path).</param>
    /// <exception cref="ModelPackageException">Not JSON, or a field is missing or of the wrong type; lists every one.</exception>
    public static ModelManifest Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ModelPackageException(source, [$"the manifest is not valid JSON ({e.Message})"]);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ModelPackageException(source, [$"the manifest is a JSON {Describe(root)}, not an object"]);
            var reader = new FieldReader(root);
            var manifest = new ModelManifest
            {
                Schema = reader.Integer("schema"),
                Name = reader.Text("name"),
                Version = reader.Text("version"),
                Kind = reader.Kind("kind"),
                Twin = reader.Text("twin"),
                File = reader.Text("file"),
                Sha256 = reader.Text("sha256"),
                Opset = reader.Integer("opset"),
                Inputs = reader.Tensors("inputs").AsReadOnly(),
                Outputs = reader.Tensors("outputs").AsReadOnly(),
                RotationCount = reader.OptionalInteger("rotation_count"),
                Align = reader.Integer("align"),
                ColorEncoding = reader.Text("color_encoding"),
                MinOnnxRuntime = reader.Text("min_onnxruntime"),
                TrainingData = reader.Text("training", "data"),
                TrainingRecipe = reader.Text("training", "recipe"),
                Metrics = reader.Metrics("metrics"),
            };
            if (reader.Problems.Count > 0)
                throw new ModelPackageException(source, reader.Problems);
            return manifest;
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"string \"{value.GetString()}\"",
        JsonValueKind.Number => $"number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"boolean {value.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => value.ValueKind.ToString(),
    };

    /// <summary>Reads fields, collecting a problem for each one missing or mistyped instead of stopping at the first.</summary>
    private sealed class FieldReader(JsonElement root)
    {
        public List<string> Problems { get; } = [];

        private JsonElement? Field(string name, string? member = null)
        {
            if (!root.TryGetProperty(name, out var value))
            {
                Problems.Add($"{name}: missing (models/MANIFEST.md lists every field)");
                return null;
            }
            if (member is null)
                return value;
            if (value.ValueKind != JsonValueKind.Object)
            {
                Problems.Add($"{name}: expected an object with {member}, got a {Describe(value)}");
                return null;
            }
            if (!value.TryGetProperty(member, out var inner))
            {
                Problems.Add($"{name}.{member}: missing");
                return null;
            }
            return inner;
        }

        public string Text(string name, string? member = null)
        {
            if (Field(name, member) is not { } value)
                return "";
            if (value.ValueKind == JsonValueKind.String)
                return value.GetString()!;
            Problems.Add($"{Label(name, member)}: expected a string, got a {Describe(value)}");
            return "";
        }

        public int Integer(string name)
        {
            if (Field(name) is not { } value)
                return 0;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
                return number;
            Problems.Add($"{name}: expected an integer, got a {Describe(value)}");
            return 0;
        }

        public int? OptionalInteger(string name)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
                return number;
            Problems.Add($"{name}: expected an integer or null, got a {Describe(value)}");
            return null;
        }

        public ModelKind Kind(string name)
        {
            var text = Text(name);
            switch (text)
            {
                case "gyro":
                    return ModelKind.Gyro;
                case "blind":
                    return ModelKind.Blind;
                default:
                    if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                        Problems.Add($"{name}: \"{text}\" is not a model kind; expected \"gyro\" or \"blind\"");
                    return ModelKind.Gyro;
            }
        }

        public ModelTensor[] Tensors(string name)
        {
            if (Field(name) is not { } value)
                return [];
            if (value.ValueKind != JsonValueKind.Array)
            {
                Problems.Add($"{name}: expected an array of tensors, got a {Describe(value)}");
                return [];
            }
            var tensors = new List<ModelTensor>();
            var index = 0;
            foreach (var entry in value.EnumerateArray())
            {
                var label = $"{name}[{index++}]";
                if (entry.ValueKind != JsonValueKind.Object
                    || !entry.TryGetProperty("name", out var tensorName) || tensorName.ValueKind != JsonValueKind.String
                    || !entry.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                    || !entry.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array)
                {
                    Problems.Add($"{label}: expected {{\"name\": string, \"type\": string, \"shape\": [dimensions]}}");
                    continue;
                }
                var dims = new List<ModelDimension>();
                foreach (var dim in shape.EnumerateArray())
                {
                    if (dim.ValueKind == JsonValueKind.Number && dim.TryGetInt64(out var size) && size >= 0)
                        dims.Add(ModelDimension.Fixed(size));
                    else if (dim.ValueKind == JsonValueKind.String && dim.GetString() is { Length: > 0 } symbol)
                        dims.Add(ModelDimension.Symbolic(symbol));
                    else
                        Problems.Add($"{label} ({tensorName.GetString()}): dimension {Describe(dim)} is neither a size nor a symbol name");
                }
                tensors.Add(new ModelTensor(tensorName.GetString()!, type.GetString()!, dims));
            }
            return [.. tensors];
        }

        public IReadOnlyDictionary<string, double?> Metrics(string name)
        {
            var metrics = new Dictionary<string, double?>(StringComparer.Ordinal);
            if (Field(name) is not { } value)
                return metrics;
            if (value.ValueKind != JsonValueKind.Object)
            {
                Problems.Add($"{name}: expected an object of figures, got a {Describe(value)}");
                return metrics;
            }
            foreach (var metric in value.EnumerateObject())
            {
                metrics[metric.Name] = metric.Value.ValueKind switch
                {
                    JsonValueKind.Number => metric.Value.GetDouble(),
                    JsonValueKind.Null => null,
                    _ => AddProblem($"{name}.{metric.Name}: expected a number or null, got a {Describe(metric.Value)}"),
                };
            }
            return metrics.AsReadOnly();
        }

        private double? AddProblem(string problem)
        {
            Problems.Add(problem);
            return null;
        }

        private static string Label(string name, string? member) =>
            member is null ? name : string.Create(CultureInfo.InvariantCulture, $"{name}.{member}");
    }
}
