namespace GyroEdge.Host.Pipeline;

/// <summary>
/// Values that change while the daemon runs: the JPEG quality (the fleet's <c>set</c> command)
/// and, in simulation, an extra inference time that emulates a slower accelerator.
/// </summary>
public sealed class RuntimeControls
{
    private int _jpegQuality = 90;
    private long _inferenceDelayTicks;

    public int JpegQuality
    {
        get => Volatile.Read(ref _jpegQuality);
        set => Volatile.Write(ref _jpegQuality, value);
    }

    /// <summary>Added to every inference (simulation only); <see cref="Timeout.InfiniteTimeSpan"/> stalls the stage until shutdown.</summary>
    public TimeSpan InferenceDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _inferenceDelayTicks));
        set => Interlocked.Exchange(ref _inferenceDelayTicks, value.Ticks);
    }
}
