namespace GyroEdge.Domain.Motion;

/// <summary>
/// The M instants of the model contract: evenly spaced across the exposure, first and last at
/// its ends, relative to mid-exposure. With the exposure's start as origin and T its duration
/// in seconds ((end − start) / 1e9), instant m is T·(m/(M−1)) and the reference T·0.5; a single
/// instant sits at T·0.5. For odd M the middle instant is exactly the reference, so its
/// rotation is exactly the identity. motion.py's exposure_instants is the same definition.
/// </summary>
public static class ExposureInstants
{
    /// <summary>Fills <paramref name="instantSeconds"/> (its length is M) and returns the reference (mid-exposure), seconds after the start.</summary>
    public static double Fill(long durationNs, Span<double> instantSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(durationNs);
        var count = instantSeconds.Length;
        var duration = durationNs / 1e9;
        if (count == 1)
        {
            instantSeconds[0] = duration * 0.5;
        }
        else
        {
            for (var m = 0; m < count; m++)
                instantSeconds[m] = duration * (m / (double)(count - 1));
        }
        return duration * 0.5;
    }
}
