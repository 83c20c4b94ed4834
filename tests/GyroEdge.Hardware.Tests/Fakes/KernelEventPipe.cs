using System.Buffers.Binary;
using GyroEdge.Hardware.Linux.Interop;

namespace GyroEdge.Hardware.Tests.Fakes;

/// <summary>
/// A GPIO line request emulated at the file-descriptor level: a pipe(2) whose read end is handed
/// to the same reader code the kernel's line fd goes through, and whose write end receives
/// gpio_v2_line_event records encoded here byte by byte from the header's documented layout
/// (timestamp_ns u64 @0, id u32 @8, offset @12, seqno @16, line_seqno @20, 48 bytes), not from
/// the C# struct under test.
/// </summary>
internal sealed unsafe class KernelEventPipe : IDisposable
{
    public const int RecordSize = 48;

    private SafeFileDescriptor? _writer;

    public KernelEventPipe()
    {
        var fds = stackalloc int[2];
        if (LibC.pipe2(fds, LibC.O_CLOEXEC) != 0)
            throw new IOException("pipe2 failed");
        Reader = new SafeFileDescriptor(fds[0]);
        _writer = new SafeFileDescriptor(fds[1]);
    }

    /// <summary>The fd to give the reader under test; it owns and closes it.</summary>
    public SafeFileDescriptor Reader { get; }

    public static byte[] Record(ulong timestampNs, uint id, uint offset, uint seqno, uint lineSeqno)
    {
        var record = new byte[RecordSize];
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(0), timestampNs);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), id);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), offset);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(16), seqno);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(20), lineSeqno);
        // padding[6] stays zero, as the kernel leaves it.
        return record;
    }

    /// <summary>Writes records in one write(2); under PIPE_BUF (4096 bytes) that is atomic, as a kernel read would see it.</summary>
    public void Write(params byte[][] records) => WriteBytes(records.SelectMany(r => r).ToArray());

    public void WriteBytes(byte[] bytes)
    {
        fixed (byte* data = bytes)
        {
            var written = LibC.write(_writer!, data, (nuint)bytes.Length);
            if (written != bytes.Length)
                throw new IOException($"wrote {written} of {bytes.Length} bytes into the pipe");
        }
    }

    /// <summary>Closes the write end: the reader then sees a hang-up, as when the GPIO chip goes away.</summary>
    public void CloseWriter()
    {
        _writer?.Dispose();
        _writer = null;
    }

    public void Dispose()
    {
        CloseWriter();
        Reader.Dispose();
    }
}
