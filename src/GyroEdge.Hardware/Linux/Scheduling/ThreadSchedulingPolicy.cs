namespace GyroEdge.Hardware.Linux.Scheduling;

/// <summary>A Linux scheduling policy (sched(7)); the values are the kernel's SCHED_* numbers.</summary>
public enum ThreadSchedulingPolicy
{
    /// <summary>SCHED_OTHER: the default time-sharing policy (CFS/EEVDF).</summary>
    Normal = 0,

    /// <summary>SCHED_FIFO: real-time, runs until it blocks or a higher priority preempts it.</summary>
    Fifo = 1,

    /// <summary>SCHED_RR: real-time with a time slice among equal priorities.</summary>
    RoundRobin = 2,

    /// <summary>SCHED_BATCH.</summary>
    Batch = 3,

    /// <summary>SCHED_IDLE.</summary>
    Idle = 5,

    /// <summary>SCHED_DEADLINE.</summary>
    Deadline = 6,
}
