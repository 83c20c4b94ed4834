using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.Linux.Gpio;
using GyroEdge.Hardware.Tests.Fakes;
using static GyroEdge.Hardware.Tests.Fakes.KernelEventPipe;

namespace GyroEdge.Hardware.Tests.Gpio;

/// <summary>
/// The line-event reader fed real gpio_v2_line_event bytes through a pipe fd, the same
/// poll + read path the kernel's line request fd takes.
/// </summary>
public sealed class GpioLineRequest_Tests : IDisposable
{
    private const uint Rising = 1;
    private const uint Falling = 2;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private readonly KernelEventPipe _pipe = new();

    public void Dispose() => _pipe.Dispose();

    [Fact]
    public void Delivers_Timestamp_Edge_Offset_And_Sequence_Numbers_From_Kernel_Records()
    {
        using var request = Open([5], batchSize: 8);
        _pipe.Write(
            Record(timestampNs: 1_234_567_890_123, Rising, offset: 5, seqno: 1, lineSeqno: 1),
            Record(timestampNs: 1_234_577_890_123, Falling, offset: 5, seqno: 2, lineSeqno: 2));

        var events = new GpioLineEvent[8];
        var count = request.ReadEvents(events, Wait);

        Assert.Equal(2, count);
        Assert.Equal(new GpioLineEvent(1_234_567_890_123, GpioEdge.Rising, 5, 1, 1), events[0]);
        Assert.Equal(new GpioLineEvent(1_234_577_890_123, GpioEdge.Falling, 5, 2, 2), events[1]);
        Assert.Equal(0, request.LostEvents);
    }

    [Fact]
    public void Counts_Events_Lost_From_Seqno_Gaps()
    {
        using var request = Open([5], batchSize: 8);
        _pipe.Write(
            Record(100, Rising, 5, seqno: 1, lineSeqno: 1),
            Record(200, Falling, 5, seqno: 2, lineSeqno: 2),
            Record(500, Rising, 5, seqno: 5, lineSeqno: 5),
            Record(600, Falling, 5, seqno: 6, lineSeqno: 6),
            Record(900, Rising, 5, seqno: 9, lineSeqno: 9));

        var events = new GpioLineEvent[8];
        Assert.Equal(5, request.ReadEvents(events, Wait));

        Assert.Equal(4, request.LostEvents);
        Assert.Equal(4, request.LostEventsOn(5));
    }

    [Fact]
    public void Attributes_Losses_To_Lines_From_Line_Seqno_Gaps()
    {
        using var request = Open([5, 6], batchSize: 8);
        // The request-wide seqno skips 3 and 4: one lost edge on each line, as line_seqno shows.
        _pipe.Write(
            Record(100, Rising, 5, seqno: 1, lineSeqno: 1),
            Record(110, Rising, 6, seqno: 2, lineSeqno: 1),
            Record(300, Rising, 5, seqno: 5, lineSeqno: 3),
            Record(310, Rising, 6, seqno: 6, lineSeqno: 3));

        var events = new GpioLineEvent[8];
        Assert.Equal(4, request.ReadEvents(events, Wait));

        Assert.Equal(2, request.LostEvents);
        Assert.Equal(1, request.LostEventsOn(5));
        Assert.Equal(1, request.LostEventsOn(6));
    }

    [Fact]
    public void Counts_Events_Dropped_Before_The_First_Read()
    {
        // A full kernel buffer drops the oldest events, so the first one read can already be number 4.
        using var request = Open([5], batchSize: 8);
        _pipe.Write(Record(400, Rising, 5, seqno: 4, lineSeqno: 4));

        Assert.Equal(1, request.ReadEvents(new GpioLineEvent[8], Wait));
        Assert.Equal(3, request.LostEvents);
    }

    [Fact]
    public void Keeps_Events_That_Do_Not_Fit_For_The_Next_Read()
    {
        using var request = Open([5], batchSize: 8);
        _pipe.Write(Enumerable.Range(1, 5).Select(i => Record((ulong)i * 100, Rising, 5, (uint)i, (uint)i)).ToArray());

        var events = new GpioLineEvent[2];
        var seqnos = new List<uint>();
        for (var read = 0; read < 3; read++)
        {
            var count = request.ReadEvents(events, Wait);
            seqnos.AddRange(events.Take(count).Select(e => e.Seqno));
        }

        Assert.Equal([1u, 2, 3, 4, 5], seqnos);
        Assert.Equal(0, request.LostEvents);
    }

    [Fact]
    public void Reads_No_More_Than_Its_Preallocated_Batch_At_Once()
    {
        using var request = Open([5], batchSize: 3);
        _pipe.Write(Enumerable.Range(1, 5).Select(i => Record((ulong)i, Rising, 5, (uint)i, (uint)i)).ToArray());

        var events = new GpioLineEvent[10];
        Assert.Equal(3, request.ReadEvents(events, Wait));
        Assert.Equal(2, request.ReadEvents(events, Wait));
    }

    [Fact]
    public void Returns_No_Events_When_None_Arrive_Before_The_Timeout()
    {
        using var request = Open([5], batchSize: 8);

        Assert.Equal(0, request.ReadEvents(new GpioLineEvent[8], TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void Reading_Events_Allocates_Nothing()
    {
        using var request = Open([5], batchSize: 8);
        var events = new GpioLineEvent[8];
        var record = Record(100, Rising, 5, 1, 1);
        _pipe.Write(record);
        request.ReadEvents(events, Wait); // first call: static initialisation and JIT

        var batch = Enumerable.Range(2, 4).Select(i => Record((ulong)i, Rising, 5, (uint)i, (uint)i)).SelectMany(r => r).ToArray();
        _pipe.WriteBytes(batch);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = request.ReadEvents(events, Wait);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(4, count);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Rejects_A_Record_With_An_Unknown_Event_Id()
    {
        using var request = Open([5], batchSize: 8);
        _pipe.Write(Record(100, id: 7, 5, 1, 1));

        var error = Assert.Throws<DeviceIoException>(() => request.ReadEvents(new GpioLineEvent[8], Wait));
        Assert.Contains("id 7; expected 1 (rising edge) or 2 (falling edge)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_A_Read_That_Is_Not_Whole_Records()
    {
        using var request = Open([5], batchSize: 8);
        _pipe.WriteBytes(new byte[RecordSize + 2]);

        var error = Assert.Throws<DeviceIoException>(() => request.ReadEvents(new GpioLineEvent[8], Wait));
        Assert.Contains("50 bytes, not a whole number of 48-byte gpio_v2_line_event records", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_A_Vanished_Chip_When_The_Fd_Hangs_Up()
    {
        using var request = Open([5], batchSize: 8);
        _pipe.CloseWriter();

        var error = Assert.Throws<DeviceIoException>(() => request.ReadEvents(new GpioLineEvent[8], Wait));
        Assert.StartsWith("read line events on test line 5 failed:", error.Message, StringComparison.Ordinal);
        Assert.Contains("GPIO chip went away", error.Message, StringComparison.Ordinal);
    }

    private GpioLineRequest Open(uint[] offsets, int batchSize) =>
        new(_pipe.Reader, "test line 5", offsets, GpioEventClock.Monotonic, batchSize);
}
