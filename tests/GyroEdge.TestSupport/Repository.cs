namespace GyroEdge.TestSupport;

/// <summary>Where things are in the checkout the tests run from.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding GyroEdge.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>
    /// Where the trainer's tests export the ONNX models and tensors the C# tests compare
    /// against (gyroedge_trainer.testing.onnx_fixtures). `./gyroedge test` runs pytest first and
    /// sets GYROEDGE_TEST_FIXTURES; the default matches it.
    /// </summary>
    public static string TrainerFixtures =>
        Environment.GetEnvironmentVariable("GYROEDGE_TEST_FIXTURES") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Root, "build", "test-fixtures");

    /// <summary>../shared/data beside the checkout (never copied into the repository).</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GyroEdge.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException(
            $"No GyroEdge.sln above {AppContext.BaseDirectory}: run the tests from inside the repository (./gyroedge test).");
    }
}
