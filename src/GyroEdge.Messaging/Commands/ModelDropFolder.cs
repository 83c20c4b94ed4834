using System.Text.Json.Nodes;

namespace GyroEdge.Messaging.Commands;

/// <summary>
/// The other way in for a model package: copy <c>X</c> into a watched directory, then
/// <c>X.sha256</c> (sha256sum's output line, or the bare hex digest) beside it. The checksum file
/// is the signal that <c>X</c> is complete; the package is verified and handed to the same install
/// callback as <c>cmd/model-update</c>. A package that fails verification or install moves to
/// <c>rejected/</c> with an <c>X.error</c> note saying why, so it is not retried forever.
/// </summary>
public sealed class ModelDropFolder : IDisposable
{
    private const string ChecksumSuffix = ".sha256";
    private readonly Func<ModelPackage, CancellationToken, Task<JsonNode?>> _install;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public ModelDropFolder(string directory, Func<ModelPackage, CancellationToken, Task<JsonNode?>> install)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(install);
        Directory = Path.GetFullPath(directory);
        _install = install;
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>A package was installed (file name, what install returned) or rejected (file name, why).</summary>
    public event EventHandler<ModelDropEventArgs>? Processed;

    public string Directory { get; }

    /// <summary>Polls every <paramref name="interval"/> (a poll is a directory listing: cheap, and works on every file system, unlike inotify on some mounts).</summary>
    public void Start(TimeSpan interval)
    {
        _loop ??= Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                do
                {
                    await ScanAsync(_stop.Token).ConfigureAwait(false);
                }
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                // Disposed.
            }
        });
    }

    /// <summary>Processes every complete package present now; returns how many were installed.</summary>
    public async Task<int> ScanAsync(CancellationToken cancellationToken = default)
    {
        var installed = 0;
        foreach (var checksumFile in System.IO.Directory.EnumerateFiles(Directory, "*" + ChecksumSuffix).Order(StringComparer.Ordinal).ToArray())
        {
            var fileName = Path.GetFileName(checksumFile)[..^ChecksumSuffix.Length];
            var package = Path.Combine(Directory, fileName);
            if (!File.Exists(package))
                continue;
            try
            {
                var expected = (await File.ReadAllTextAsync(checksumFile, cancellationToken).ConfigureAwait(false)).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                if (!ModelPackage.IsSha256(expected))
                    throw new InvalidDataException($"{fileName}{ChecksumSuffix} does not hold a SHA-256 (64 hex digits, as sha256sum prints it).");
                if (!ModelPackage.IsSafeFileName(fileName))
                    throw new InvalidDataException($"\"{fileName}\" is not a plain file name (letters, digits, '-', '_', '.').");
                var size = new FileInfo(package).Length;
                if (await ModelPackage.CheckAsync(package, size, expected!, cancellationToken).ConfigureAwait(false) is { } mismatch)
                    throw new InvalidDataException($"{fileName} does not match {fileName}{ChecksumSuffix}: {mismatch}. Copy it again, then its checksum file.");
                var result = await _install(new ModelPackage(package, fileName, size, expected!.ToLowerInvariant()), cancellationToken).ConfigureAwait(false);
                File.Delete(checksumFile);
                installed++;
                Raise(new ModelDropEventArgs(fileName, installed: true, result?.ToJsonString() ?? "installed"));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Reject(fileName, package, checksumFile, e.Message);
            }
        }
        return installed;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Ends by cancellation.
        }
        _stop.Dispose();
    }

    private void Reject(string fileName, string package, string checksumFile, string why)
    {
        var rejected = Path.Combine(Directory, "rejected");
        System.IO.Directory.CreateDirectory(rejected);
        foreach (var file in new[] { package, checksumFile })
        {
            if (File.Exists(file))
                File.Move(file, Path.Combine(rejected, Path.GetFileName(file)), overwrite: true);
        }
        File.WriteAllText(Path.Combine(rejected, fileName + ".error"), why + Environment.NewLine);
        Raise(new ModelDropEventArgs(fileName, installed: false, why));
    }

    private void Raise(ModelDropEventArgs args)
    {
        try
        {
            Processed?.Invoke(this, args);
        }
        catch (Exception)
        {
            // An observer's failure must not stop the folder from being watched.
        }
    }
}

/// <summary>What happened to a package dropped into a <see cref="ModelDropFolder"/>.</summary>
public sealed class ModelDropEventArgs(string fileName, bool installed, string detail) : EventArgs
{
    public string FileName { get; } = fileName;
    public bool Installed { get; } = installed;

    /// <summary>What install returned, or why the package was rejected.</summary>
    public string Detail { get; } = detail;
}
