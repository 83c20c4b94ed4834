namespace GyroEdge.Inference.Models;

/// <summary>
/// A model package (an .onnx file and its manifest) was refused: the manifest does not match the
/// file, breaks the model contract, or asks for a newer ONNX Runtime. The message lists every
/// difference found, each naming both sides, and what to do.
/// </summary>
public sealed class ModelPackageException : Exception
{
    /// <summary>What to do when the files disagree: the usual advice.</summary>
    public const string ExportAgainAdvice =
        "Export the model again with the trainer, which writes the .onnx and its manifest together (models/MANIFEST.md documents "
        + "every field), and copy both files together.";

    public ModelPackageException(string packagePath, IReadOnlyList<string> problems, string advice = ExportAgainAdvice)
        : base(Describe(packagePath, problems, advice))
    {
        PackagePath = packagePath;
        Problems = problems.ToArray().AsReadOnly();
    }

    /// <summary>The manifest (or, when it could not be found, the model) the problems concern.</summary>
    public string PackagePath { get; }

    /// <summary>Each difference found, e.g. "sha256: the manifest says ..., the file ... hashes to ...".</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(string packagePath, IReadOnlyList<string> problems, string advice)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return $"Model package {packagePath} is refused: {string.Join("; ", problems)}. {advice}";
    }
}
