using System.Security.Cryptography;

namespace GyroEdge.Messaging.Commands;

/// <summary>A model package that arrived whole and matched its announced size and SHA-256.</summary>
/// <param name="Path">Where the verified file lies now; installing moves it.</param>
/// <param name="FileName">The name it was sent under, e.g. "gyrodeblur-s-1.3.0.onnx".</param>
public sealed record ModelPackage(string Path, string FileName, long Size, string Sha256)
{
    /// <summary>Lower-case hex SHA-256 of <paramref name="path"/>.</summary>
    public static async Task<string> HashAsync(string path, CancellationToken cancellationToken = default)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Null when <paramref name="path"/> has <paramref name="size"/> bytes and hashes to <paramref name="sha256"/>, else what differs.</summary>
    public static async Task<string?> CheckAsync(string path, long size, string sha256, CancellationToken cancellationToken = default)
    {
        var actualSize = new FileInfo(path).Length;
        if (actualSize != size)
            return $"it has {actualSize} bytes, {size} were announced";
        var actual = await HashAsync(path, cancellationToken).ConfigureAwait(false);
        return string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase) ? null : $"its SHA-256 is {actual}, {sha256.ToLowerInvariant()} was announced";
    }

    internal static bool IsSha256(string? text) => text is { Length: 64 } && text.All(char.IsAsciiHexDigit);

    /// <summary>A plain file name: no directory parts, no hidden or relative names.</summary>
    internal static bool IsSafeFileName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 128 && name[0] != '.'
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
