using GyroEdge.Native;

namespace GyroEdge.Host.Recording;

/// <summary>
/// The write discipline of a recording (DESIGN.md, "Recordings"): a whole file goes to a
/// temporary name in the same folder, is fsynced, renamed over its final name, and the folder is
/// fsynced so the rename itself survives a power cut. A reader therefore sees either no file or
/// the complete one, never a torn one.
/// </summary>
public static class DurableFile
{
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(folder, "." + Path.GetFileName(path) + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            // A half-written temporary must not eat the disk budget or confuse the next start.
            TryDelete(temporary);
            throw;
        }
        SyncFolder(folder);
    }

    /// <summary>fsync on a folder: makes creates, renames and deletes inside it durable.</summary>
    public static void SyncFolder(string folder) => GyroEdge.Native.Files.DirectorySync.Sync(folder);

    /// <summary>True when <paramref name="e"/> is the kernel saying the file system is full (ENOSPC, or EDQUOT for a quota).</summary>
    public static bool IsDiskFull(IOException e) =>
        e is not null && (e.HResult == Errno.ENOSPC || e.HResult == 122 /* EDQUOT */ || e.Message.Contains("No space left on device", StringComparison.Ordinal));

    /// <summary>
    /// Cuts an append-only text file back to its last complete line, so a row torn by a power cut
    /// or a full disk mid-write never reaches a reader. Returns the bytes removed.
    /// </summary>
    public static long TrimToLastCompleteLine(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        var length = stream.Length;
        var keep = length;
        Span<byte> one = stackalloc byte[1];
        while (keep > 0)
        {
            stream.Position = keep - 1;
            stream.ReadExactly(one);
            if (one[0] == (byte)'\n')
                break;
            keep--;
        }
        if (keep == length)
            return 0;
        stream.SetLength(keep);
        stream.Flush(flushToDisk: true);
        return length - keep;
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
