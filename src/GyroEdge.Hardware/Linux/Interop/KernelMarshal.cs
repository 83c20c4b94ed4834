using System.Text;

namespace GyroEdge.Hardware.Linux.Interop;

/// <summary>Conversions every binding needs between kernel fields and managed values.</summary>
internal static class KernelMarshal
{
    /// <summary>A NUL-terminated char[capacity] field (names, labels, card strings); a full field has no NUL.</summary>
    public static unsafe string CString(byte* text, int capacity)
    {
        var span = new ReadOnlySpan<byte>(text, capacity);
        var end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }

    /// <summary>poll(2)'s timeout in whole milliseconds, -1 for infinite.</summary>
    public static int PollTimeout(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
            return -1;
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        // Round up, so a sub-millisecond timeout waits rather than turning into a busy spin of 0.
        var ms = Math.Ceiling(timeout.TotalMilliseconds);
        return ms >= int.MaxValue ? int.MaxValue : (int)ms;
    }
}
