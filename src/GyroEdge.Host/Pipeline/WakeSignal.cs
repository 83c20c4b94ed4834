namespace GyroEdge.Host.Pipeline;

/// <summary>
/// Wakes a stage that waits for something another thread produces (new gyro samples, a strobe
/// window): <see cref="Set"/> from the producer, <see cref="Wait"/> with a timeout in the
/// consumer. A set before the wait is not lost. Nothing is allocated per call.
/// </summary>
public sealed class WakeSignal
{
    // A plain object, not System.Threading.Lock: Monitor.Wait/Pulse need the object's monitor.
    private readonly object _gate = new();
    private bool _signaled;

    public void Set()
    {
        lock (_gate)
        {
            _signaled = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Returns true when set (and clears it), false when the timeout passed first.</summary>
    public bool Wait(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (!_signaled && timeout > TimeSpan.Zero)
                Monitor.Wait(_gate, timeout);
            var signaled = _signaled;
            _signaled = false;
            return signaled;
        }
    }
}
