using System.Globalization;
using GyroEdge.Messaging.Outbox.Interop;
using Microsoft.Win32.SafeHandles;

namespace GyroEdge.Messaging.Outbox;

/// <summary>
/// The outbox on disk: one file per entry, named by a sequence number so that names sort in
/// append order, written to a temporary name, fsynced and renamed (then the directory fsynced), so a
/// power cut leaves either the whole entry or none. The index lives in memory and is rebuilt by
/// scanning the directory at start; whatever a previous run left is queued again. A byte budget is
/// kept by evicting the oldest entries that are still waiting (never one handed to the MQTT client,
/// whose copy is on its way), and every eviction is counted. Thread-safe.
/// </summary>
public sealed class OutboxStore : IDisposable
{
    private const string EntrySuffix = ".msg";
    private const string TemporarySuffix = ".tmp";
    private const string SequenceFormat = "D16";

    private readonly Lock _gate = new();
    private readonly Lock _append = new();
    private readonly SafeFileHandle? _directoryHandle;
    private readonly bool _flush;
    private readonly PendingQueue _waiting = new();
    private readonly Dictionary<long, int> _handed = [];
    private long _bytes;
    private long _nextSequence;
    private long _recovered;
    private long _appended;
    private long _acknowledged;
    private long _evicted;
    private long _rejected;
    private long _damaged;
    private bool _disposed;

    public OutboxStore(OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory = Path.GetFullPath(options.Directory);
        MaxBytes = options.MaxBytes;
        _flush = options.FlushToDisk;
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"The outbox directory {Directory} cannot be created: {e.Message} Point OutboxOptions.Directory at a writable local directory.", e);
        }
        if (_flush)
            _directoryHandle = LibC.OpenDirectory(Directory);
        Recover();
    }

    /// <summary>Raised (on the appending thread) after an entry was stored and can be published.</summary>
    public event EventHandler? EntryAppended;

    public string Directory { get; }
    public long MaxBytes { get; }

    public OutboxStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new OutboxStatistics
                {
                    Depth = _waiting.Count + _handed.Count,
                    Handed = _handed.Count,
                    Bytes = _bytes,
                    MaxBytes = MaxBytes,
                    Recovered = _recovered,
                    Appended = _appended,
                    Acknowledged = _acknowledged,
                    Evicted = _evicted,
                    Rejected = _rejected,
                    Damaged = _damaged,
                };
            }
        }
    }

    /// <summary>
    /// Stores <paramref name="entry"/> (bytes from <see cref="OutboxEntryBuilder"/>) durably, evicting
    /// the oldest waiting entries first when the budget demands it. Returns once the file is in place
    /// (and on disk, with <see cref="OutboxOptions.FlushToDisk"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not an outbox entry.</exception>
    /// <exception cref="IOException">The file could not be written (disk full, read-only, removed directory).</exception>
    public OutboxAppendResult Append(ReadOnlySpan<byte> entry)
    {
        OutboxEntryReader.Validate(entry);
        lock (_append)
        {
            long sequence;
            int evictedNow;
            List<long>? evictedFiles = null;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                evictedNow = MakeRoom(entry.Length, ref evictedFiles);
                if (_bytes + entry.Length > MaxBytes)
                {
                    // What is left is handed to the client; the new entry itself cannot fit.
                    _evicted++;
                    sequence = -1;
                }
                else
                {
                    sequence = _nextSequence++;
                    // Reserved now, so Statistics never shows the budget exceeded while the file is written.
                    _bytes += entry.Length;
                }
            }
            DeleteFiles(evictedFiles);
            if (sequence < 0)
                return new OutboxAppendResult(false, -1, evictedNow);

            try
            {
                Write(sequence, entry);
            }
            catch
            {
                lock (_gate)
                    _bytes -= entry.Length;
                throw;
            }
            lock (_gate)
            {
                _waiting.PushBack(new PendingEntry(sequence, entry.Length));
                _appended++;
            }
            EntryAppended?.Invoke(this, EventArgs.Empty);
            return new OutboxAppendResult(true, sequence, evictedNow);
        }
    }

    /// <summary>Takes the oldest waiting entry and marks it handed to the client (eviction skips it from now on).</summary>
    public bool TryTakeNext(out long sequence, out int length)
    {
        lock (_gate)
        {
            if (_disposed || !_waiting.TryPopFront(out var entry))
            {
                sequence = -1;
                length = 0;
                return false;
            }
            _handed[entry.Sequence] = entry.Length;
            sequence = entry.Sequence;
            length = entry.Length;
            return true;
        }
    }

    /// <summary>Reads entry <paramref name="sequence"/> into <paramref name="destination"/> (exactly its length).</summary>
    /// <exception cref="InvalidDataException">The file is gone or shorter than recorded.</exception>
    public void Read(long sequence, Span<byte> destination)
    {
        var path = PathOf(sequence);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var total = 0;
            while (total < destination.Length)
            {
                var read = RandomAccess.Read(handle, destination[total..], total);
                if (read == 0)
                    throw new InvalidDataException($"The outbox entry {path} holds {total} bytes, {destination.Length} were recorded; something outside GyroEdge changed it.");
                total += read;
            }
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidDataException($"The outbox entry {path} disappeared before it was published; something outside GyroEdge deleted it.", e);
        }
    }

    /// <summary>
    /// Ends the life of a handed entry: deletes its file and counts the outcome. Safe to call on the
    /// MQTT network thread (one unlink, no waiting).
    /// </summary>
    public void Complete(long sequence, OutboxOutcome outcome)
    {
        lock (_gate)
        {
            if (!_handed.Remove(sequence, out var length))
                return;
            _bytes -= length;
            switch (outcome)
            {
                case OutboxOutcome.Acknowledged:
                    _acknowledged++;
                    break;
                case OutboxOutcome.Rejected:
                    _rejected++;
                    break;
                default:
                    _damaged++;
                    break;
            }
        }
        TryDelete(PathOf(sequence));
    }

    /// <summary>
    /// Stops tracking a handed entry without deleting its file: the next start finds it and publishes
    /// it again. For an entry only partly handed over to a client that then failed.
    /// </summary>
    public void Forget(long sequence)
    {
        lock (_gate)
        {
            if (_handed.Remove(sequence, out var length))
                _bytes -= length;
        }
    }

    /// <summary>
    /// Puts every handed entry back at the front of the queue, oldest first. For when the client that
    /// held them is gone (disposed or replaced): they will be published again, at least once.
    /// </summary>
    public int ReturnHanded()
    {
        lock (_gate)
        {
            if (_handed.Count == 0)
                return 0;
            var handed = _handed.OrderByDescending(pair => pair.Key).ToArray();
            foreach (var (sequence, length) in handed)
                _waiting.PushFront(new PendingEntry(sequence, length));
            _handed.Clear();
            return handed.Length;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        lock (_append)
            _directoryHandle?.Dispose();
    }

    private string PathOf(long sequence) => Path.Join(Directory, sequence.ToString(SequenceFormat, CultureInfo.InvariantCulture) + EntrySuffix);

    private void Recover()
    {
        var found = new List<PendingEntry>();
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles())
        {
            if (file.Name.EndsWith(TemporarySuffix, StringComparison.Ordinal))
            {
                // A write the previous run did not finish: it was never acknowledged to the caller.
                TryDelete(file.FullName);
                continue;
            }
            if (!file.Name.EndsWith(EntrySuffix, StringComparison.Ordinal)
                || !long.TryParse(file.Name.AsSpan(0, file.Name.Length - EntrySuffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                continue;
            }
            if (file.Length is 0 or > int.MaxValue)
            {
                _damaged++;
                TryDelete(file.FullName);
                continue;
            }
            found.Add(new PendingEntry(sequence, (int)file.Length));
        }
        found.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        foreach (var entry in found)
        {
            _waiting.PushBack(entry);
            _bytes += entry.Length;
        }
        _recovered = found.Count;
        _nextSequence = found.Count > 0 ? found[^1].Sequence + 1 : 0;
        List<long>? evictedFiles = null;
        MakeRoom(0, ref evictedFiles);
        DeleteFiles(evictedFiles);
    }

    // Called under _gate. Returns the number evicted; their files are deleted after the lock is released.
    private int MakeRoom(int incoming, ref List<long>? evictedFiles)
    {
        var evicted = 0;
        while (_bytes + incoming > MaxBytes && _waiting.TryPopFront(out var oldest))
        {
            _bytes -= oldest.Length;
            _evicted++;
            evicted++;
            (evictedFiles ??= []).Add(oldest.Sequence);
        }
        return evicted;
    }

    private void DeleteFiles(List<long>? sequences)
    {
        if (sequences is null)
            return;
        foreach (var sequence in sequences)
            TryDelete(PathOf(sequence));
    }

    private void Write(long sequence, ReadOnlySpan<byte> entry)
    {
        var final = PathOf(sequence);
        var temporary = Path.ChangeExtension(final, TemporarySuffix);
        try
        {
            using (var handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.None, entry.Length))
            {
                RandomAccess.Write(handle, entry, 0);
                if (_flush)
                    RandomAccess.FlushToDisk(handle);
            }
            File.Move(temporary, final, overwrite: false);
            if (_directoryHandle is not null)
                LibC.SyncDirectory(_directoryHandle, Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new IOException(
                $"The outbox could not store an entry of {entry.Length} bytes in {Directory}: {e.Message} "
                + "Expected a writable local directory with free space; check the disk (df -h) and OutboxOptions.MaxBytes.", e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left behind, it is found again at the next start and published at least once more: no loss.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private readonly record struct PendingEntry(long Sequence, int Length);

    /// <summary>A double-ended queue of waiting entries in a ring buffer: no allocation per entry once grown.</summary>
    private sealed class PendingQueue
    {
        private PendingEntry[] _items = new PendingEntry[64];
        private int _head;

        public int Count { get; private set; }

        public void PushBack(PendingEntry entry)
        {
            Grow();
            _items[(_head + Count) % _items.Length] = entry;
            Count++;
        }

        public void PushFront(PendingEntry entry)
        {
            Grow();
            _head = (_head - 1 + _items.Length) % _items.Length;
            _items[_head] = entry;
            Count++;
        }

        public bool TryPopFront(out PendingEntry entry)
        {
            if (Count == 0)
            {
                entry = default;
                return false;
            }
            entry = _items[_head];
            _head = (_head + 1) % _items.Length;
            Count--;
            return true;
        }

        private void Grow()
        {
            if (Count < _items.Length)
                return;
            var grown = new PendingEntry[_items.Length * 2];
            for (var i = 0; i < Count; i++)
                grown[i] = _items[(_head + i) % _items.Length];
            _items = grown;
            _head = 0;
        }
    }
}

/// <summary>How a handed entry ended.</summary>
public enum OutboxOutcome
{
    /// <summary>The broker acknowledged every message (PUBACK reason below 0x80).</summary>
    Acknowledged,

    /// <summary>The broker refused at least one message (PUBACK reason 0x80 or above).</summary>
    Rejected,

    /// <summary>The file could not be read back as an entry.</summary>
    Damaged,
}
