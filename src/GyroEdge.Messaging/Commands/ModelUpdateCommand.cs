using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GyroEdge.Messaging.Commands;

/// <summary>
/// <c>cmd/model-update</c>: a model package sent in chunks, in order, each a JSON request
/// <c>{"transfer":"t1","file":"m.onnx","index":0,"total":3,"size":123456,"sha256":"hex","data":"base64"}</c>.
/// Chunks go into a staging file; a repeated chunk (its response was lost) is acknowledged again and
/// not written twice; index 0 starts a transfer (abandoning an unfinished one). After the last chunk
/// the file must have the announced size and SHA-256; then it is handed to the install callback (the
/// host swaps it in through <see cref="ModelStore"/>, which rolls back a model that does not load).
/// </summary>
public sealed class ModelUpdateCommand : ICommandHandler, IDisposable
{
    /// <summary>Base64 of at most 1 MiB per chunk keeps each request far below broker packet limits.</summary>
    public const int MaxChunkBytes = 1024 * 1024;

    private readonly string _staging;
    private readonly Func<ModelPackage, CancellationToken, Task<JsonNode?>> _install;
    private readonly long _maxPackageBytes;
    private Transfer? _transfer;

    /// <param name="stagingDirectory">Where partial packages are assembled; on the same file system as the models directory, so installing is a rename.</param>
    /// <param name="install">Installs a verified package and returns what to report (e.g. the new model's version); throws when it cannot.</param>
    public ModelUpdateCommand(string stagingDirectory, Func<ModelPackage, CancellationToken, Task<JsonNode?>> install, long maxPackageBytes = 2L * 1024 * 1024 * 1024)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stagingDirectory);
        ArgumentNullException.ThrowIfNull(install);
        _staging = Path.GetFullPath(stagingDirectory);
        _install = install;
        _maxPackageBytes = maxPackageBytes;
        Directory.CreateDirectory(_staging);
    }

    public string Name => "model-update";
    public string Description => "receive a model package in chunks, verify size and SHA-256, install it (rolled back if it does not load)";

    public async Task<JsonNode?> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chunk = Chunk.Read(request, _maxPackageBytes);
        if (chunk.Index == 0)
        {
            // Chunk 0 again right after it was taken: its response was lost, not a new transfer.
            if (_transfer is { Received: 1 } started && started.Matches(chunk))
                return Progress(started, repeated: true);
            Abandon();
            _transfer = Transfer.Start(chunk, Path.Combine(_staging, chunk.Transfer + ".part"));
        }
        var transfer = _transfer is { } current && current.Id == chunk.Transfer
            ? current
            : throw new CommandException($"cmd/model-update: transfer \"{chunk.Transfer}\" is not in progress; start it with index 0.");
        if (!transfer.Matches(chunk))
        {
            throw new CommandException(
                $"cmd/model-update: chunk {chunk.Index} of \"{chunk.Transfer}\" announces a different file, size, sha256 or total than chunk 0 did; "
                + "every chunk of a transfer repeats the same file, total, size and sha256.");
        }
        if (chunk.Index == transfer.Received - 1)
            return Progress(transfer, repeated: true);
        if (chunk.Index != transfer.Received)
            throw new CommandException($"cmd/model-update: expected chunk {transfer.Received} of \"{transfer.Id}\", got {chunk.Index}; send the chunks in order.");

        var bytes = DecodeData(request, transfer);
        try
        {
            transfer.Append(bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes.Array!);
        }
        if (transfer.Received < transfer.Total)
            return Progress(transfer, repeated: false);

        _transfer = null;
        var package = transfer.Finish();
        try
        {
            var installed = await _install(package, cancellationToken).ConfigureAwait(false);
            return new JsonObject { ["transfer"] = transfer.Id, ["file"] = transfer.FileName, ["installed"] = true, ["model"] = installed };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new CommandException($"cmd/model-update: {transfer.FileName} arrived intact but was not installed: {e.Message}", e);
        }
        finally
        {
            TryDelete(package.Path);
        }
    }

    public void Dispose() => Abandon();

    private static JsonObject Progress(Transfer transfer, bool repeated) => new()
    {
        ["transfer"] = transfer.Id,
        ["received"] = transfer.Received,
        ["total"] = transfer.Total,
        ["bytes"] = transfer.Bytes,
        ["repeated"] = repeated,
    };

    private static ArraySegment<byte> DecodeData(CommandRequest request, Transfer transfer)
    {
        var text = request.Required("data", JsonValueKind.String);
        var base64 = text.GetString()!;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, base64.Length / 4 * 3 + 3));
        if (!Convert.TryFromBase64String(base64, buffer, out var length))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new CommandException("cmd/model-update: \"data\" is not base64; send the chunk's bytes base64-encoded (RFC 4648, with padding).");
        }
        if (length > MaxChunkBytes || transfer.Bytes + length > transfer.Size)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new CommandException(
                $"cmd/model-update: chunk {transfer.Received} carries {length} bytes; chunks are at most {MaxChunkBytes} bytes and together exactly the announced size {transfer.Size}.");
        }
        return new ArraySegment<byte>(buffer, 0, length);
    }

    private void Abandon()
    {
        if (_transfer is null)
            return;
        _transfer.Dispose();
        TryDelete(_transfer.Path);
        _transfer = null;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A stale staging file is overwritten by the next transfer of that name.
        }
    }

    private readonly record struct Chunk(string Transfer, string FileName, int Index, int Total, long Size, string Sha256)
    {
        public static Chunk Read(CommandRequest request, long maxPackageBytes)
        {
            var transfer = request.Required("transfer", JsonValueKind.String).GetString()!;
            if (transfer.Length is 0 or > 64 || !transfer.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                throw new CommandException($"cmd/model-update: \"transfer\" is \"{transfer}\"; use 1 to 64 letters, digits, '-' or '_', the same for every chunk.");
            var file = request.Required("file", JsonValueKind.String).GetString()!;
            if (!ModelPackage.IsSafeFileName(file))
                throw new CommandException($"cmd/model-update: \"file\" is \"{file}\"; send a plain file name (letters, digits, '-', '_', '.'), e.g. \"gyrodeblur-s-1.3.0.onnx\".");
            var index = Whole(request, "index", 0, int.MaxValue);
            var total = Whole(request, "total", 1, int.MaxValue);
            if (index >= total)
                throw new CommandException($"cmd/model-update: \"index\" {index} is not below \"total\" {total}; chunks are numbered from 0.");
            var size = request.Required("size", JsonValueKind.Number).TryGetInt64(out var bytes) && bytes > 0 && bytes <= maxPackageBytes
                ? bytes
                : throw new CommandException($"cmd/model-update: \"size\" must be the package's size in bytes, 1 to {maxPackageBytes}.");
            if ((size + MaxChunkBytes - 1) / MaxChunkBytes > total)
                throw new CommandException($"cmd/model-update: {size} bytes cannot arrive in {total} chunks of at most {MaxChunkBytes} bytes; send more chunks.");
            var sha = request.Required("sha256", JsonValueKind.String).GetString()!;
            if (!ModelPackage.IsSha256(sha))
                throw new CommandException($"cmd/model-update: \"sha256\" is \"{sha}\"; expected the package's SHA-256 as 64 hex digits (sha256sum prints it).");
            return new Chunk(transfer, file, index, total, size, sha.ToLowerInvariant());
        }

        private static int Whole(CommandRequest request, string name, int min, int max) =>
            request.Required(name, JsonValueKind.Number).TryGetInt32(out var value) && value >= min && value <= max
                ? value
                : throw new CommandException($"cmd/model-update: \"{name}\" must be a whole number from {min}.");
    }

    private sealed class Transfer : IDisposable
    {
        private readonly FileStream _file;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        private Transfer(Chunk first, string path)
        {
            Id = first.Transfer;
            FileName = first.FileName;
            Total = first.Total;
            Size = first.Size;
            Sha256 = first.Sha256;
            Path = path;
            _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        }

        public string Id { get; }
        public string FileName { get; }
        public int Total { get; }
        public long Size { get; }
        public string Sha256 { get; }
        public string Path { get; }
        public int Received { get; private set; }
        public long Bytes { get; private set; }

        public static Transfer Start(Chunk first, string path) => new(first, path);

        public bool Matches(Chunk chunk) =>
            chunk.Transfer == Id && chunk.FileName == FileName && chunk.Total == Total && chunk.Size == Size && chunk.Sha256 == Sha256;

        public void Append(ArraySegment<byte> bytes)
        {
            _file.Write(bytes);
            _hash.AppendData(bytes);
            Bytes += bytes.Count;
            Received++;
        }

        /// <summary>Flushes to disk and checks size and hash; a mismatch deletes the file.</summary>
        public ModelPackage Finish()
        {
            _file.Flush(flushToDisk: true);
            var actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
            Dispose();
            if (Bytes != Size || actual != Sha256)
            {
                TryDelete(Path);
                throw new CommandException(
                    $"cmd/model-update: {FileName} arrived with {Bytes} bytes and SHA-256 {actual}, but {Size} bytes and {Sha256} were announced; "
                    + "the package was discarded. Send it again (check the sha256 you announce).");
            }
            return new ModelPackage(Path, FileName, Size, Sha256);
        }

        public void Dispose()
        {
            _file.Dispose();
            _hash.Dispose();
        }
    }
}
