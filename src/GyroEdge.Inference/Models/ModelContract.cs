using System.Globalization;
using System.Text.RegularExpressions;
using GyroEdge.Inference.OnnxRuntime;

namespace GyroEdge.Inference.Models;

/// <summary>
/// The model contract (DESIGN.md "The model contract", models/MANIFEST.md) as checks that return
/// what differs, one sentence per difference naming both sides. The trainer's
/// gyroedge_trainer/manifest.py makes the same manifest checks before it writes a manifest.
/// </summary>
public static partial class ModelContract
{
    public const string Image = "image";
    public const string Rotations = "rotations";
    public const string Intrinsics = "intrinsics";
    public const string Sharp = "sharp";

    /// <summary>Exports from torch 1.13 that TensorRT 8.6 parses: opset 17 at most (DESIGN.md).</summary>
    public const int MaxOpset = 17;

    /// <summary>The only colour encoding: 8-bit sRGB / 255, RGB order, in [0,1].</summary>
    public const string ColorEncoding = "srgb";

    public const string ElementType = "float32";

    /// <summary>The inputs a model of <paramref name="kind"/> takes, in order.</summary>
    public static IReadOnlyList<string> InputNames(ModelKind kind) =>
        kind == ModelKind.Gyro ? [Image, Rotations, Intrinsics] : [Image];

    /// <summary>Every way <paramref name="manifest"/> breaks the contract; empty when it keeps it.</summary>
    public static IReadOnlyList<string> Problems(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var problems = new List<string>();
        if (manifest.Schema != ModelManifest.SupportedSchema)
            problems.Add($"schema: the manifest is schema {manifest.Schema}, this GyroEdge reads schema {ModelManifest.SupportedSchema}");
        foreach (var (field, value) in new[] { ("name", manifest.Name), ("version", manifest.Version), ("twin", manifest.Twin), ("file", manifest.File) })
        {
            if (string.IsNullOrWhiteSpace(value))
                problems.Add($"{field}: empty; it must name something");
        }
        if (manifest.File.Length > 0 && (manifest.File != Path.GetFileName(manifest.File) || !manifest.File.EndsWith(".onnx", StringComparison.Ordinal)))
            problems.Add($"file: \"{manifest.File}\" must be the name of an .onnx file beside the manifest, without a folder");
        if (manifest.Twin.Length > 0 && manifest.Twin == manifest.Name)
            problems.Add($"twin: names the model itself (\"{manifest.Name}\"); it must name the {(manifest.Kind == ModelKind.Gyro ? "blind" : "gyro")} twin");
        if (!Sha256Pattern().IsMatch(manifest.Sha256))
            problems.Add($"sha256: \"{manifest.Sha256}\" is not 64 lowercase hex digits");
        if (manifest.Opset is < 1 or > MaxOpset)
            problems.Add($"opset: {manifest.Opset} is outside the contract's 1 to {MaxOpset} (torch 1.13 export, TensorRT 8.6)");
        if (manifest.Align < 1)
            problems.Add($"align: {manifest.Align} is not a positive stride");
        if (manifest.ColorEncoding != ColorEncoding)
            problems.Add($"color_encoding: \"{manifest.ColorEncoding}\", the contract is \"{ColorEncoding}\" (RGB in [0,1])");
        if (!TryParseVersion(manifest.MinOnnxRuntime, out _))
            problems.Add($"min_onnxruntime: \"{manifest.MinOnnxRuntime}\" is not a version such as \"1.22.0\"");

        var expectedInputs = InputNames(manifest.Kind);
        var inputNames = manifest.Inputs.Select(t => t.Name).ToArray();
        if (!inputNames.SequenceEqual(expectedInputs))
            problems.Add($"inputs: the manifest declares [{string.Join(", ", inputNames)}], a {Kind(manifest.Kind)} model takes [{string.Join(", ", expectedInputs)}]");
        var outputNames = manifest.Outputs.Select(t => t.Name).ToArray();
        if (!outputNames.SequenceEqual([Sharp]))
            problems.Add($"outputs: the manifest declares [{string.Join(", ", outputNames)}], the contract gives [{Sharp}]");
        foreach (var tensor in manifest.Inputs.Concat(manifest.Outputs))
        {
            if (tensor.ElementType != ElementType)
                problems.Add($"{tensor.Name}: element type {tensor.ElementType}, the contract is {ElementType} throughout");
        }

        int? m = null;
        if (manifest.Kind == ModelKind.Gyro)
        {
            if (manifest.RotationCount is > 0)
                m = manifest.RotationCount;
            else
                problems.Add($"rotation_count: {Show(manifest.RotationCount)}, a gyro model needs M, a positive count of rotations");
        }
        else if (manifest.RotationCount is not null)
        {
            problems.Add($"rotation_count: {manifest.RotationCount}, a blind model takes no rotations (null)");
        }

        if (manifest.Input(Image) is { } image)
        {
            CheckShape(problems, image, [1, 3, null, null]);
            if (image.Shape.Count == 4)
            {
                foreach (var (axis, label) in new[] { (2, "height"), (3, "width") })
                {
                    if (image.Shape[axis].Size is { } size && manifest.Align > 0 && size % manifest.Align != 0)
                        problems.Add($"image: {label} {size} is not a multiple of align {manifest.Align}");
                }
                if (manifest.Output(Sharp) is { Shape.Count: 4 } sharp && !sharp.Shape.Skip(2).SequenceEqual(image.Shape.Skip(2)))
                    problems.Add($"sharp: height and width [{string.Join(',', sharp.Shape.Skip(2))}] differ from image's [{string.Join(',', image.Shape.Skip(2))}]");
            }
        }
        if (manifest.Input(Rotations) is { } rotations)
        {
            CheckShape(problems, rotations, [1, null, 3, 3]);
            if (m is { } count && rotations.Shape.Count == 4 && rotations.Shape[1].Size != count)
                problems.Add($"rotation_count: the manifest says M = {count}, but its input {rotations} has {rotations.Shape[1]} rotations");
        }
        if (manifest.Input(Intrinsics) is { } intrinsics)
            CheckShape(problems, intrinsics, [1, 3, 3]);
        if (manifest.Output(Sharp) is { } output)
            CheckShape(problems, output, [1, 3, null, null]);
        return problems;
    }

    /// <summary>
    /// The differences between the manifest's inputs and outputs and what ONNX Runtime reports for
    /// the file (a symbolic dimension is -1 there).
    /// </summary>
    public static IReadOnlyList<string> SessionProblems(ModelManifest manifest, IReadOnlyList<OrtTensorInfo> inputs, IReadOnlyList<OrtTensorInfo> outputs)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var problems = new List<string>();
        Compare(problems, "inputs", manifest.Inputs, inputs);
        Compare(problems, "outputs", manifest.Outputs, outputs);
        return problems;
    }

    /// <summary>A difference when the model needs a newer ONNX Runtime than <paramref name="loadedVersion"/>; null when it runs.</summary>
    public static string? RuntimeProblem(ModelManifest manifest, string loadedVersion)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!TryParseVersion(manifest.MinOnnxRuntime, out var needed) || !TryParseVersion(loadedVersion, out var loaded))
            return null;
        return loaded >= needed
            ? null
            : $"min_onnxruntime: the model needs ONNX Runtime {manifest.MinOnnxRuntime} or newer, the loaded library is {loadedVersion}";
    }

    /// <summary>Differences that stop two packages serving as a gyro model and its blind twin.</summary>
    public static IReadOnlyList<string> TwinProblems(ModelManifest gyro, ModelManifest blind)
    {
        ArgumentNullException.ThrowIfNull(gyro);
        ArgumentNullException.ThrowIfNull(blind);
        var problems = new List<string>();
        if (gyro.Kind != ModelKind.Gyro)
            problems.Add($"\"{gyro.Name}\" is a {Kind(gyro.Kind)} model where the gyro model belongs");
        if (blind.Kind != ModelKind.Blind)
            problems.Add($"\"{blind.Name}\" is a {Kind(blind.Kind)} model where the blind twin belongs");
        if (gyro.Twin != blind.Name)
            problems.Add($"twin: the gyro model \"{gyro.Name}\" names its twin \"{gyro.Twin}\", but the blind model given is \"{blind.Name}\"");
        if (blind.Twin != gyro.Name)
            problems.Add($"twin: the blind model \"{blind.Name}\" names its twin \"{blind.Twin}\", but the gyro model given is \"{gyro.Name}\"");
        return problems;
    }

    /// <summary>"1.22" or "1.22.0"; extra labels after '-' or '+' are ignored ("1.23.0-dev").</summary>
    internal static bool TryParseVersion(string text, out Version version)
    {
        var core = text.Split('-', '+')[0];
        if (VersionPattern().IsMatch(core) && Version.TryParse(core, out var parsed))
        {
            version = new Version(parsed.Major, parsed.Minor, Math.Max(parsed.Build, 0));
            return true;
        }
        version = new Version();
        return false;
    }

    internal static string Kind(ModelKind kind) => kind == ModelKind.Gyro ? "gyro" : "blind";

    private static void Compare(List<string> problems, string role, IReadOnlyList<ModelTensor> declared, IReadOnlyList<OrtTensorInfo> actual)
    {
        var declaredNames = declared.Select(t => t.Name).ToArray();
        var actualNames = actual.Select(t => t.Name).ToArray();
        if (!declaredNames.SequenceEqual(actualNames))
        {
            problems.Add($"{role}: the manifest declares [{string.Join(", ", declaredNames)}], the model file has [{string.Join(", ", actualNames)}]");
            return;
        }
        for (var i = 0; i < declared.Count; i++)
        {
            var (expected, found) = (declared[i], actual[i]);
            var sameType = ElementTypeName(found.ElementType) == expected.ElementType;
            var sameShape = expected.Shape.Count == found.Shape.Count && expected.Shape.Select((d, k) => d.Matches(found.Shape[k])).All(x => x);
            if (!sameType || !sameShape)
            {
                problems.Add($"{expected.Name}: the manifest declares {expected}, the model file has {ElementTypeName(found.ElementType)}"
                    + $"[{string.Join(',', found.Shape.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture)))}]");
            }
        }
    }

    private static string ElementTypeName(OrtElementType type) => type switch
    {
        OrtElementType.Float => "float32",
        OrtElementType.Float16 => "float16",
        OrtElementType.Double => "float64",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static void CheckShape(List<string> problems, ModelTensor tensor, long?[] expected)
    {
        if (tensor.Shape.Count != expected.Length)
        {
            problems.Add($"{tensor.Name}: {tensor} has rank {tensor.Shape.Count}, the contract needs rank {expected.Length} "
                + $"[{string.Join(',', expected.Select(e => e?.ToString(CultureInfo.InvariantCulture) ?? "*"))}]");
            return;
        }
        for (var axis = 0; axis < expected.Length; axis++)
        {
            if (expected[axis] is { } size && tensor.Shape[axis].Size != size)
                problems.Add($"{tensor.Name}: {tensor} has {tensor.Shape[axis]} in dimension {axis}, the contract needs {size}");
        }
    }

    private static string Show(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex(@"^\d+\.\d+(\.\d+)?$")]
    private static partial Regex VersionPattern();
}
