using System.Runtime.InteropServices;
using GyroEdge.Native.Files.Interop;
using Microsoft.Win32.SafeHandles;

namespace GyroEdge.Native.Files;

/// <summary>
/// fsync(2) on a directory. A file written to a temporary name, fsynced and renamed survives a
/// power cut only once its directory is synced too (the rename is an update of the directory);
/// .NET cannot open a directory, hence this binding. Used by every writer that promises
/// durability: the MQTT outbox, the field recorder.
/// </summary>
public static class DirectorySync
{
    /// <summary>An open descriptor of <paramref name="directory"/> for repeated syncs; dispose it to close.</summary>
    /// <exception cref="IOException">The directory cannot be opened; HResult holds the errno.</exception>
    public static SafeFileHandle Open(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var fd = LibC.Open(directory, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
        if (fd < 0)
            throw Failure("open", directory, Marshal.GetLastPInvokeError());
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Flushes <paramref name="directory"/>'s entries (renames, deletions) to disk.</summary>
    /// <exception cref="IOException">fsync failed (e.g. EIO, ENOSPC); HResult holds the errno.</exception>
    public static void Sync(SafeFileHandle handle, string directory)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (LibC.Fsync(handle) != 0)
            throw Failure("fsync", directory, Marshal.GetLastPInvokeError());
    }

    /// <summary>Opens, syncs and closes <paramref name="directory"/>.</summary>
    public static void Sync(string directory)
    {
        using var handle = Open(directory);
        Sync(handle, directory);
    }

    // The one error path: what failed, where, errno's name and text. The errno travels as HResult
    // so that a caller can tell a full disk (ENOSPC) from other failures.
    private static IOException Failure(string call, string directory, int errno) =>
        new($"{call}({directory}) failed: {Errno.Describe(errno)}. A durable write needs a writable local directory; check the path, its permissions and the disk.", errno);
}
