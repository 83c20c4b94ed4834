using GyroEdge.Domain.Time;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// What the supervisor knows about one stage's progress, for the systemd watchdog: when the
/// stage took up its current item (0 while it waits for input, which is not a stall) and how
/// many items it finished. A stage busy with one item for longer than the stall limit is stalled
/// (a hung ioctl, a wedged accelerator), and the watchdog pings stop. Updated with plain
/// interlocked stores: nothing is allocated per item.
/// </summary>
public sealed class StageMonitor(string name)
{
    private long _busySinceNs;
    private long _items;

    public string Name { get; } = name;

    public long Items => Interlocked.Read(ref _items);

    /// <summary>The stage took up an item (or, for a sensor loop, began a bounded wait on its device).</summary>
    public void Enter() => Interlocked.Exchange(ref _busySinceNs, SystemMonotonicClock.Instance.NowNs);

    /// <summary>The item is done; the stage waits for the next one.</summary>
    public void Leave()
    {
        Interlocked.Exchange(ref _busySinceNs, 0);
        Interlocked.Increment(ref _items);
    }

    /// <summary>How long the current item has taken, or null while the stage waits for input.</summary>
    public TimeSpan? BusyFor(long nowNs)
    {
        var since = Interlocked.Read(ref _busySinceNs);
        return since == 0 ? null : MonotonicTime.ToTimeSpan(nowNs - since);
    }
}
