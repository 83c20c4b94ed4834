namespace GyroEdge.Messaging.Commands;

/// <summary>
/// The models directory of a device, swapped atomically: every installed package lives under
/// <c>versions/</c>, and the symbolic link <c>current</c> names the one in use, <c>previous</c> the
/// one before. Installing moves the package in, repoints <c>current</c> by renaming a new link over
/// it (rename(2) is atomic, so a power cut leaves the old or the new link, never none), then asks the
/// host to load it; when that fails, <c>current</c> goes back to the old package and the new one is
/// deleted. Older versions than <c>previous</c> are pruned. One install at a time.
/// </summary>
public sealed class ModelStore : IDisposable
{
    private const string CurrentLink = "current";
    private const string PreviousLink = "previous";
    private const string VersionsFolder = "versions";

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public ModelStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, VersionsFolder));
    }

    public string Directory { get; }

    /// <summary>The package in use (the target of <c>current</c>), or null before the first install.</summary>
    public string? CurrentPath => Resolve(CurrentLink);

    /// <summary>The package before it (the target of <c>previous</c>), or null.</summary>
    public string? PreviousPath => Resolve(PreviousLink);

    /// <summary>
    /// Installs <paramref name="package"/> and calls <paramref name="tryLoad"/> with its new path.
    /// Returns the new current path. When <paramref name="tryLoad"/> throws, rolls back and throws
    /// <see cref="ModelRolledBackException"/> naming the model still in use.
    /// </summary>
    public async Task<string> InstallAsync(ModelPackage package, Func<string, CancellationToken, Task> tryLoad, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(tryLoad);
        if (!ModelPackage.IsSafeFileName(package.FileName))
            throw new ArgumentException($"Model file name \"{package.FileName}\" is not a plain file name (letters, digits, '-', '_', '.').", nameof(package));
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var relative = Path.Combine(VersionsFolder, $"{DateTime.UtcNow:yyyyMMdd'T'HHmmssfffffff}-{package.FileName}");
            var installed = Path.Combine(Directory, relative);
            File.Move(package.Path, installed, overwrite: false);
            var before = LinkTarget(CurrentLink);
            Point(CurrentLink, relative);
            try
            {
                await tryLoad(installed, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                if (before is null)
                    File.Delete(Path.Combine(Directory, CurrentLink));
                else
                    Point(CurrentLink, before);
                File.Delete(installed);
                var inUse = before is null ? "no model (none was installed before)" : Path.Combine(Directory, before);
                throw new ModelRolledBackException(
                    $"the new model {package.FileName} failed to load ({e.Message}); rolled back, the device keeps {inUse}. "
                    + "Check that the package is a GyroEdge model for this software version.", e);
            }
            if (before is not null)
                Point(PreviousLink, before);
            Prune(keep: [relative, before]);
            return installed;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();

    private string? Resolve(string link) => LinkTarget(link) is { } target ? Path.GetFullPath(Path.Combine(Directory, target)) : null;

    private string? LinkTarget(string link)
    {
        var info = new FileInfo(Path.Combine(Directory, link));
        return info.LinkTarget;
    }

    // A new link under a temporary name renamed over the old one: the swap is one rename(2).
    private void Point(string link, string relativeTarget)
    {
        var path = Path.Combine(Directory, link);
        var temporary = path + ".new";
        File.Delete(temporary);
        File.CreateSymbolicLink(temporary, relativeTarget);
        File.Move(temporary, path, overwrite: true);
    }

    private void Prune(string?[] keep)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(Directory, VersionsFolder)))
        {
            var relative = Path.Combine(VersionsFolder, Path.GetFileName(file));
            if (Array.IndexOf(keep, relative) >= 0)
                continue;
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A version left over costs disk space only; the next install tries again.
            }
        }
    }
}

/// <summary>A new model failed to load; the store went back to the model that was in use before.</summary>
public sealed class ModelRolledBackException : IOException
{
    public ModelRolledBackException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelRolledBackException(string message)
        : base(message)
    {
    }

    public ModelRolledBackException()
    {
    }
}
