using System.Globalization;
using System.Security.Cryptography;

namespace GyroEdge.Inference.Models;

/// <summary>
/// A model the engine may run: an .onnx file and its manifest (NAME.onnx + NAME.manifest.json,
/// models/MANIFEST.md), checked against each other and against the model contract. The file's
/// bytes are read once, hashed, and kept: the session is created from these very bytes, so a file
/// swapped after the check can never run under the old manifest.
/// </summary>
public sealed class ModelPackage
{
    /// <summary>The manifest's file name suffix: NAME.onnx is described by NAME.manifest.json.</summary>
    public const string ManifestSuffix = ".manifest.json";

    private readonly byte[] model;

    private ModelPackage(ModelManifest manifest, string manifestPath, string modelPath, byte[] model)
    {
        Manifest = manifest;
        ManifestPath = manifestPath;
        ModelPath = modelPath;
        this.model = model;
    }

    public ModelManifest Manifest { get; }

    public string ManifestPath { get; }

    public string ModelPath { get; }

    public string Name => Manifest.Name;

    public ModelKind Kind => Manifest.Kind;

    /// <summary>The .onnx file's bytes, as hashed.</summary>
    public ReadOnlyMemory<byte> ModelBytes => model;

    /// <summary>Where the manifest of <paramref name="modelPath"/> lives: NAME.onnx -> NAME.manifest.json.</summary>
    public static string ManifestPathFor(string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        return Path.ChangeExtension(modelPath, null) + ManifestSuffix;
    }

    /// <summary>
    /// Loads a package from its manifest (*.manifest.json) or its model (*.onnx, with the manifest
    /// beside it), and checks: the manifest's structure and the contract; that it describes this
    /// file (name and sha256); the file's own opset. Every difference goes into one exception.
    /// </summary>
    /// <exception cref="FileNotFoundException">The manifest or the model it names does not exist.</exception>
    /// <exception cref="ModelPackageException">The manifest is malformed, breaks the contract, or does not match the file.</exception>
    public static ModelPackage Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var namedModel = !fullPath.EndsWith(ManifestSuffix, StringComparison.Ordinal);
        var manifestPath = namedModel ? ManifestPathFor(fullPath) : fullPath;
        if (!System.IO.File.Exists(manifestPath))
        {
            throw new FileNotFoundException(
                namedModel
                    ? $"The model {fullPath} has no manifest beside it: expected {manifestPath}. GyroEdge runs only models with a manifest "
                      + "(models/MANIFEST.md): export the model with the trainer, or write one with python3 -m gyroedge_trainer.manifest."
                    : $"The model manifest {manifestPath} does not exist: check the path (a package is NAME.onnx with NAME.manifest.json).",
                manifestPath);
        }

        var manifest = ModelManifest.Parse(System.IO.File.ReadAllText(manifestPath), manifestPath);
        var problems = new List<string>(ModelContract.Problems(manifest));

        var folder = Path.GetDirectoryName(manifestPath)!;
        var modelPath = namedModel ? fullPath : Path.GetFullPath(Path.Combine(folder, manifest.File));
        if (namedModel && manifest.File.Length > 0 && manifest.File != Path.GetFileName(modelPath))
            problems.Add($"file: the manifest describes \"{manifest.File}\", not \"{Path.GetFileName(modelPath)}\" (it belongs to another model)");
        if (!System.IO.File.Exists(modelPath))
        {
            // The problems found so far (a file name with a folder in it, say) explain better than "missing".
            if (problems.Count > 0)
                throw new ModelPackageException(manifestPath, problems);
            throw new FileNotFoundException(
                $"The model file {modelPath} that the manifest {manifestPath} names does not exist: copy the .onnx beside its manifest.", modelPath);
        }

        var bytes = System.IO.File.ReadAllBytes(modelPath);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (sha256 != manifest.Sha256)
        {
            problems.Add($"sha256: the manifest says {manifest.Sha256}, the file {modelPath} hashes to {sha256} "
                + "(the file changed or was truncated after export, or the manifest belongs to another model)");
        }
        try
        {
            var header = OnnxModelHeader.Read(bytes);
            if (header.DefaultOpset is not { } opset)
                problems.Add($"opset: the file {modelPath} imports no default ONNX opset (not an exported ONNX model?)");
            else if (opset != manifest.Opset)
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"opset: the manifest says {manifest.Opset}, the file imports opset {opset}"));
        }
        catch (InvalidDataException e)
        {
            problems.Add($"model file: {modelPath} is not a complete ONNX model: {e.Message}");
        }

        if (problems.Count > 0)
            throw new ModelPackageException(manifestPath, problems);
        return new ModelPackage(manifest, manifestPath, modelPath, bytes);
    }

    /// <summary>"gyrodeblur-s 1.0.0 (gyro)".</summary>
    public override string ToString() => $"{Manifest.Name} {Manifest.Version} ({ModelContract.Kind(Manifest.Kind)})";
}
