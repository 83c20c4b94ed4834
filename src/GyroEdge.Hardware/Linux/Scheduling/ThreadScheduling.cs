namespace GyroEdge.Hardware.Linux.Scheduling;

/// <summary>How the kernel schedules one thread: its policy, its real-time priority (0 outside the
/// real-time policies) and its thread id, the id `chrt -p` and /proc/PID/task take.</summary>
public readonly record struct ThreadScheduling(ThreadSchedulingPolicy Policy, int Priority, int ThreadId);
