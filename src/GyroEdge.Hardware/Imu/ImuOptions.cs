using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Gpio;

namespace GyroEdge.Hardware.Imu;

/// <summary>What every FIFO IMU driver needs besides its chip settings; chip options derive from it.</summary>
public abstract class ImuOptions
{
    /// <summary>The host's CLOCK_MONOTONIC; a manual clock in tests.</summary>
    public IMonotonicClock Clock { get; init; } = SystemMonotonicClock.Instance;

    /// <summary>
    /// The GPIO line wired to the chip's INT1 pin, requested for rising edges with CLOCK_MONOTONIC
    /// timestamps; null to poll. Its edges wake the reader and, better than the read time, anchor
    /// sample times (the kernel stamps the edge in the interrupt handler). The driver does not own it.
    /// </summary>
    public IGpioLineEventSource? InterruptLine { get; init; }

    /// <summary>
    /// How long samples may wait in the FIFO before the reader collects them (sets the watermark and
    /// the polling period). Shorter means lower latency and more bus overhead per sample.
    /// </summary>
    public TimeSpan BatchPeriod { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Retries of a failed read cycle before the chip is reported unavailable.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first retry waits this long; each further one twice as long.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>While unavailable, the first probe waits this long; each failed probe doubles it up to <see cref="MaxProbeInterval"/>.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest wait between probes of an unavailable chip: how late a replugged IMU may be noticed.</summary>
    public TimeSpan MaxProbeInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Consecutive identical raw triples after which samples are flagged <see cref="ImuSampleFlags.Stuck"/>.
    /// A working MEMS gyro's noise (about 1.5 LSB rms at ±2000 dps) makes even 64 exact repeats on
    /// all three axes practically impossible; 0 disables the check.
    /// </summary>
    public int StuckSampleThreshold { get; init; } = 256;

    /// <summary>Checks the settings every driver shares; chip options add their own checks.</summary>
    internal virtual void Validate()
    {
        ArgumentNullException.ThrowIfNull(Clock, nameof(Clock));
        if (BatchPeriod <= TimeSpan.Zero || BatchPeriod > TimeSpan.FromSeconds(1))
            throw new ArgumentOutOfRangeException(nameof(BatchPeriod), BatchPeriod, "BatchPeriod must be between 0 and 1 s (the FIFO holds well under a second of samples at useful rates); 5 ms is a good start.");
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfNegative(StuckSampleThreshold, nameof(StuckSampleThreshold));
        if (RetryBackoff < TimeSpan.Zero || ProbeInterval <= TimeSpan.Zero || MaxProbeInterval < ProbeInterval)
            throw new ArgumentOutOfRangeException(nameof(ProbeInterval), "RetryBackoff must be ≥ 0, ProbeInterval > 0 and MaxProbeInterval ≥ ProbeInterval.");
    }
}
