namespace GyroEdge.TestSupport;

/// <summary>Managed bytes a hot path allocates, measured so that it can only fail for a real allocation.</summary>
public static class Allocations
{
    /// <summary>
    /// The fewest bytes this thread allocated in any of <paramref name="rounds"/> runs of
    /// <paramref name="round"/> (stops early at zero). The runtime's tiered JIT can allocate a
    /// few hundred bytes once on the calling thread while it promotes a method (seen once in CI on
    /// the deblur engine); an allocation on every call shows in every round.
    /// </summary>
    public static long FewestBytesPerRound(Action round, int rounds = 5)
    {
        ArgumentNullException.ThrowIfNull(round);
        var fewest = long.MaxValue;
        for (var i = 0; i < rounds && fewest > 0; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            round();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
