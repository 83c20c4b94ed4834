using System.Runtime.InteropServices;

namespace GyroEdge.Hardware.Linux.Interop;

// Type and field names are the C names: the layout test finds each fact the headers print by name.
// CS8981 warns that all-lowercase type names might become keywords; these two are libc's own
// names, internal to this folder, and a clash would show up as a compile error, not a silent change.
#pragma warning disable CS8981

/// <summary>struct pollfd (&lt;poll.h&gt;): 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct pollfd
{
    public int fd;       // int
    public short events;  // short
    public short revents; // short
}

/// <summary>struct timeval (&lt;sys/time.h&gt;) on LP64: two longs, 16 bytes. V4L2 buffer timestamps use it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct timeval
{
    public long tv_sec;  // time_t
    public long tv_usec; // suseconds_t
}
#pragma warning restore CS8981
