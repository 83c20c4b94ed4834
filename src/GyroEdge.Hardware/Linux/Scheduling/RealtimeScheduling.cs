using System.Globalization;
using System.Runtime.InteropServices;
using GyroEdge.Hardware.Linux.Interop;
using GyroEdge.Native;

namespace GyroEdge.Hardware.Linux.Scheduling;

/// <summary>
/// Real-time scheduling for the CALLING thread, for a sensor reader that must be back within the
/// FIFO's span (16 ms at 8 kHz on the ICM-42688-P) however loaded the machine is. `gyroedge bench
/// imu` at 8 kHz loses about 1 % of samples under SCHED_OTHER on a busy 2-core machine and none
/// under SCHED_FIFO. Refusal is an expected outcome (no CAP_SYS_NICE, RLIMIT_RTPRIO 0), so the
/// Try methods report it instead of throwing: the caller decides whether that is fatal.
/// </summary>
public static class RealtimeScheduling
{
    /// <summary>sched_get_priority_min(SCHED_FIFO) on Linux.</summary>
    public const int MinimumPriority = 1;

    /// <summary>sched_get_priority_max(SCHED_FIFO) on Linux.</summary>
    public const int MaximumPriority = 99;

    /// <summary>
    /// Puts the calling thread under SCHED_FIFO at <paramref name="priority"/>. Returns false, with
    /// the errno text and what to do in <paramref name="why"/>, when the kernel refuses; on success
    /// <paramref name="why"/> says what was set.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">priority outside 1..99.</exception>
    public static bool TryEnterFifo(int priority, out string why)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(priority, MinimumPriority);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority, MaximumPriority);
        if (!OperatingSystem.IsLinux())
        {
            why = "real-time scheduling is only implemented for Linux";
            return false;
        }
        if (!TrySet(LibC.SCHED_FIFO, priority, out var errno))
        {
            why = string.Create(CultureInfo.InvariantCulture, $"sched_setscheduler(SCHED_FIFO, {priority}) refused: {Errno.Describe(errno)}") + Advice(errno);
            return false;
        }
        why = string.Create(CultureInfo.InvariantCulture, $"SCHED_FIFO priority {priority} on thread {LibC.gettid()}");
        return true;
    }

    /// <summary>Puts the calling thread back under SCHED_OTHER (always permitted: lowering needs no privilege).</summary>
    public static bool TryReturnToNormal(out string why)
    {
        if (!OperatingSystem.IsLinux())
        {
            why = "real-time scheduling is only implemented for Linux";
            return false;
        }
        if (!TrySet(LibC.SCHED_OTHER, 0, out var errno))
        {
            why = $"sched_setscheduler(SCHED_OTHER, 0) refused: {Errno.Describe(errno)}";
            return false;
        }
        why = string.Create(CultureInfo.InvariantCulture, $"SCHED_OTHER on thread {LibC.gettid()}");
        return true;
    }

    /// <summary>The calling thread's policy and priority as the kernel reports them.</summary>
    /// <exception cref="IOException">sched_getscheduler or sched_getparam failed (not expected for the calling thread).</exception>
    public static unsafe ThreadScheduling Current()
    {
        var policy = LibC.sched_getscheduler(0);
        if (policy < 0)
            throw new IOException($"sched_getscheduler(0) failed: {Errno.Describe(Marshal.GetLastPInvokeError())}.");
        int priority;
        if (LibC.sched_getparam(0, &priority) != 0)
            throw new IOException($"sched_getparam(0) failed: {Errno.Describe(Marshal.GetLastPInvokeError())}.");
        return new ThreadScheduling((ThreadSchedulingPolicy)(policy & ~LibC.SCHED_RESET_ON_FORK), priority, LibC.gettid());
    }

    private static unsafe bool TrySet(int policy, int priority, out int errno)
    {
        var param = priority;
        if (LibC.sched_setscheduler(0, policy, &param) == 0)
        {
            errno = 0;
            return true;
        }
        errno = Marshal.GetLastPInvokeError();
        return false;
    }

    // EPERM is the case operators meet: say which of the three fixes applies to them.
    private static string Advice(int errno) => errno switch
    {
        Errno.EPERM => "; the thread needs CAP_SYS_NICE or an RLIMIT_RTPRIO of at least the priority: run as root, "
            + "`setcap cap_sys_nice+ep` on the binary, or set LimitRTPRIO= (or CPUSchedulingPolicy=fifo) in the systemd unit. "
            + "In a container, the runtime must grant CAP_SYS_NICE and the cgroup a real-time budget.",
        _ => ".",
    };
}
