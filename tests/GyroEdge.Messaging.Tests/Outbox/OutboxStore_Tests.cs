using GyroEdge.Messaging.Outbox;
using GyroEdge.Messaging.Tests.Support;

namespace GyroEdge.Messaging.Tests.Outbox;

public sealed class OutboxStore_Tests : IDisposable
{
    private readonly TemporaryDirectory _folder = new("outbox");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Stores_Each_Entry_As_One_File_And_Leaves_No_Temporary_File()
    {
        using var store = Open();

        var first = store.Append(Entry(1, 100));
        var second = store.Append(Entry(2, 100));

        Assert.True(first.Stored);
        Assert.Equal(first.Sequence + 1, second.Sequence);
        Assert.Equal(2, Directory.GetFiles(_folder.Path, "*.msg").Length);
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
        Assert.Equal(2, store.Statistics.Depth);
        Assert.Equal(Entry(1, 100).Length + Entry(2, 100).Length, store.Statistics.Bytes);
    }

    [Fact]
    public void Recovers_What_A_Previous_Run_Left_In_Order_And_Continues_The_Sequence()
    {
        long lastSequence;
        using (var previous = Open())
        {
            previous.Append(Entry(1, 10));
            previous.Append(Entry(2, 10));
            lastSequence = previous.Append(Entry(3, 10)).Sequence;
            previous.TryTakeNext(out _, out _);
        }

        using var store = Open();
        var order = new List<long>();
        while (store.TryTakeNext(out var sequence, out var length))
        {
            var bytes = new byte[length];
            store.Read(sequence, bytes);
            order.Add(FrameIdOf(bytes));
        }
        var next = store.Append(Entry(4, 10));

        Assert.Equal([1L, 2L, 3L], order);
        Assert.Equal(3, store.Statistics.Recovered);
        Assert.Equal(lastSequence + 1, next.Sequence);
    }

    [Fact]
    public void Deletes_Torn_Temporary_Files_Left_By_A_Crash()
    {
        using (var previous = Open())
            previous.Append(Entry(1, 10));
        File.WriteAllBytes(Path.Combine(_folder.Path, "0000000000000001.tmp"), [1, 2, 3]);

        using var store = Open();

        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
        Assert.Equal(1, store.Statistics.Depth);
    }

    [Fact]
    public void Evicts_The_Oldest_Waiting_Entries_First_And_Counts_Them()
    {
        var size = Entry(0, 1000).Length;
        using var store = Open(maxBytes: size * 3);

        for (var id = 1; id <= 5; id++)
            store.Append(Entry(id, 1000));

        var left = new List<long>();
        while (store.TryTakeNext(out var sequence, out var length))
        {
            var bytes = new byte[length];
            store.Read(sequence, bytes);
            left.Add(FrameIdOf(bytes));
        }
        Assert.Equal([3L, 4L, 5L], left);
        Assert.Equal(2, store.Statistics.Evicted);
        Assert.Equal(3, Directory.GetFiles(_folder.Path, "*.msg").Length);
    }

    [Fact]
    public void Never_Evicts_An_Entry_Handed_To_The_Client_And_Drops_The_New_One_Instead()
    {
        var size = Entry(0, 1000).Length;
        using var store = Open(maxBytes: size * 2);
        store.Append(Entry(1, 1000));
        store.Append(Entry(2, 1000));
        store.TryTakeNext(out var handedA, out _);
        store.TryTakeNext(out var handedB, out _);

        var result = store.Append(Entry(3, 1000));

        Assert.False(result.Stored);
        Assert.Equal(1, store.Statistics.Evicted);
        Assert.True(File.Exists(Path.Combine(_folder.Path, $"{handedA:D16}.msg")));
        Assert.True(File.Exists(Path.Combine(_folder.Path, $"{handedB:D16}.msg")));
    }

    [Fact]
    public void Shrinks_An_Oversized_Backlog_To_The_Budget_At_Start()
    {
        using (var previous = Open())
        {
            for (var id = 1; id <= 4; id++)
                previous.Append(Entry(id, 1000));
        }
        var size = Entry(0, 1000).Length;

        using var store = Open(maxBytes: size * 2);

        Assert.Equal(2, store.Statistics.Depth);
        Assert.Equal(2, store.Statistics.Evicted);
        store.TryTakeNext(out var sequence, out var length);
        var bytes = new byte[length];
        store.Read(sequence, bytes);
        Assert.Equal(3, FrameIdOf(bytes));
    }

    [Fact]
    public void Deletes_The_File_Of_A_Completed_Entry_And_Counts_The_Outcome()
    {
        using var store = Open();
        store.Append(Entry(1, 10));
        store.Append(Entry(2, 10));
        store.TryTakeNext(out var acknowledged, out _);
        store.TryTakeNext(out var rejected, out _);

        store.Complete(acknowledged, OutboxOutcome.Acknowledged);
        store.Complete(rejected, OutboxOutcome.Rejected);

        Assert.Empty(Directory.GetFiles(_folder.Path, "*.msg"));
        Assert.Equal(1, store.Statistics.Acknowledged);
        Assert.Equal(1, store.Statistics.Rejected);
        Assert.Equal(0, store.Statistics.Bytes);
    }

    [Fact]
    public void Returns_Handed_Entries_To_The_Front_Of_The_Queue_In_Order()
    {
        using var store = Open();
        for (var id = 1; id <= 3; id++)
            store.Append(Entry(id, 10));
        store.TryTakeNext(out var first, out _);
        store.TryTakeNext(out var second, out _);

        var returned = store.ReturnHanded();
        store.TryTakeNext(out var again, out _);
        store.TryTakeNext(out var then, out _);

        Assert.Equal(2, returned);
        Assert.Equal(first, again);
        Assert.Equal(second, then);
    }

    [Fact]
    public void Refuses_Bytes_That_Are_Not_An_Entry()
    {
        using var store = Open();

        Assert.Throws<InvalidDataException>(() => store.Append("not an entry"u8));
        Assert.Equal(0, store.Statistics.Depth);
    }

    [Fact]
    public void Says_What_To_Do_When_The_Directory_Cannot_Be_Created()
    {
        var blocker = _folder.Combine("a-file");
        File.WriteAllText(blocker, "");

        var error = Assert.Throws<IOException>(() => new OutboxStore(new OutboxOptions { Directory = Path.Combine(blocker, "outbox") }));

        Assert.Contains("cannot be created", error.Message, StringComparison.Ordinal);
        Assert.Contains("OutboxOptions.Directory", error.Message, StringComparison.Ordinal);
    }

    private OutboxStore Open(long maxBytes = 1024 * 1024) => new(new OutboxOptions { Directory = _folder.Path, MaxBytes = maxBytes });

    /// <summary>An entry whose single message carries <paramref name="frameId"/> in its first payload bytes.</summary>
    private static byte[] Entry(long frameId, int payloadBytes)
    {
        using var builder = new OutboxEntryBuilder();
        builder.BeginMessage("gyroedge/v1/cam-01/frame", "image/jpeg");
        builder.SetPayload(Frames.Payload(frameId, Math.Max(payloadBytes, 8)));
        return builder.Written.ToArray();
    }

    private static long FrameIdOf(byte[] entry)
    {
        var reader = new OutboxEntryReader(entry);
        reader.TryReadNext(out var message);
        return BitConverter.ToInt64(message.Payload);
    }
}
