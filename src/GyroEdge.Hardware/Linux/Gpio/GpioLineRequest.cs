using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.Linux.Interop;
using GyroEdge.Native;

namespace GyroEdge.Hardware.Linux.Gpio;

/// <summary>
/// Lines granted by GPIO_V2_GET_LINE_IOCTL, read as edge events from the anonymous fd the kernel
/// returned. poll(2) waits with a timeout; one read(2) then takes as many whole
/// gpio_v2_line_event records as are waiting and fit the preallocated buffer. Nothing is
/// allocated per call. Losses are counted from sequence-number gaps.
/// </summary>
public sealed class GpioLineRequest : IGpioLineEventSource
{
    private static readonly int EventSize = Unsafe.SizeOf<gpio_v2_line_event>();

    private readonly SafeFileDescriptor _fd;
    private readonly gpio_v2_line_event[] _buffer;
    private readonly GpioEventLossCounter _losses;
    private readonly uint[] _offsets;

    /// <summary>
    /// Reads events from <paramref name="fd"/>: the kernel's line request fd, or in tests any fd
    /// carrying the same bytes (a pipe), so the emulation sits at the kernel interface.
    /// </summary>
    internal GpioLineRequest(SafeFileDescriptor fd, string name, ReadOnlySpan<uint> offsets, GpioEventClock clock, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _fd = fd;
        Name = name;
        Clock = clock;
        _offsets = offsets.ToArray();
        _losses = new GpioEventLossCounter(offsets);
        _buffer = GC.AllocateArray<gpio_v2_line_event>(batchSize, pinned: true);
    }

    /// <summary>"/dev/gpiochip0 line 5" or "/dev/gpiochip0 lines 5,6".</summary>
    public string Name { get; }

    public GpioEventClock Clock { get; }

    public IReadOnlyList<uint> Offsets => _offsets;

    public long LostEvents => _losses.Lost;

    /// <summary>Events lost on one line, from line_seqno gaps.</summary>
    public long LostEventsOn(uint offset) => _losses.LostOn(offset);

    public unsafe int ReadEvents(Span<GpioLineEvent> destination, TimeSpan timeout)
    {
        if (destination.IsEmpty)
            throw new ArgumentException("The destination must hold at least one event.", nameof(destination));
        var timeoutMs = KernelMarshal.PollTimeout(timeout);

        var added = false;
        _fd.DangerousAddRef(ref added);
        try
        {
            var wait = new pollfd { fd = _fd.Number, events = LibC.POLLIN };
            var ready = LibC.poll(&wait, 1, timeoutMs);
            if (ready < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                // A signal cut the wait short: report "nothing yet", the caller loops anyway.
                return errno == Errno.EINTR ? 0 : throw GpioErrors.Read(errno, Name);
            }
            if (ready == 0)
                return 0;
            if ((wait.revents & LibC.POLLIN) == 0)
            {
                if ((wait.revents & LibC.POLLNVAL) != 0)
                    throw GpioErrors.Read(Errno.EIO, Name);
                throw GpioErrors.Ended(Name);
            }

            var count = Math.Min(destination.Length, _buffer.Length);
            nint bytes;
            fixed (gpio_v2_line_event* records = _buffer)
                bytes = LibC.read(_fd, records, (nuint)(count * EventSize));
            if (bytes < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                return errno is Errno.EINTR or Errno.EAGAIN ? 0 : throw GpioErrors.Read(errno, Name);
            }
            if (bytes == 0)
                throw GpioErrors.Ended(Name);
            if (bytes % EventSize != 0)
                throw GpioErrors.Torn(Name, bytes, EventSize);

            var received = (int)(bytes / EventSize);
            for (var i = 0; i < received; i++)
            {
                ref readonly var record = ref _buffer[i];
                var edge = record.id switch
                {
                    GpioAbi.GPIO_V2_LINE_EVENT_RISING_EDGE => GpioEdge.Rising,
                    GpioAbi.GPIO_V2_LINE_EVENT_FALLING_EDGE => GpioEdge.Falling,
                    _ => throw GpioErrors.UnknownEdge(Name, record.id, record.seqno),
                };
                destination[i] = new GpioLineEvent((long)record.timestamp_ns, edge, record.offset, record.seqno, record.line_seqno);
                _losses.Observe(destination[i]);
            }
            return received;
        }
        finally
        {
            if (added)
                _fd.DangerousRelease();
        }
    }

    /// <summary>Releases the lines back to the kernel.</summary>
    public void Dispose() => _fd.Dispose();
}
