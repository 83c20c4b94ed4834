namespace GyroEdge.Hardware.Imu;

/// <summary>
/// A gyroscope read through its hardware FIFO over I2C. One reader thread calls
/// <see cref="WaitForSamples"/> then <see cref="ReadSamples"/> in a loop; <see cref="Statistics"/>,
/// <see cref="State"/> and <see cref="LastFault"/> may be read from any thread.
/// </summary>
/// <remarks>
/// Bus faults do not escape <see cref="ReadSamples"/>: the driver retries with back-off, then
/// reports <see cref="ImuState.Unavailable"/> and keeps probing; when the chip answers again it
/// is re-initialised in place (no new instance, no process restart) and the first sample after
/// the gap carries <see cref="ImuSampleFlags.AfterGap"/>. Configuration errors (a kernel driver
/// owns the address, the adapter refuses the message) are not retried: they throw.
/// </remarks>
public interface IImu : IDisposable
{
    /// <summary>Chip, address and bus, for logs: "ICM-42688-P at 0x68 on /dev/i2c-7".</summary>
    string Description { get; }

    /// <summary>The configured output data rate, samples per second.</summary>
    double OutputDataRateHz { get; }

    /// <summary>The configured full-scale range, rad/s: readings at this magnitude are <see cref="ImuSampleFlags.Saturated"/>.</summary>
    double FullScaleRadPerSecond { get; }

    ImuState State { get; }

    ImuStatistics Statistics { get; }

    /// <summary>The most recent bus fault, for health reporting; null when none happened.</summary>
    Exception? LastFault { get; }

    /// <summary>Resets and configures the chip (range, rate, FIFO, interrupts) and starts streaming into the FIFO.</summary>
    void StartStreaming();

    /// <summary>Stops the sensor and the FIFO (the chip stays powered, registers kept).</summary>
    void StopStreaming();

    /// <summary>
    /// Blocks until a batch should be waiting in the FIFO: the watermark/data-ready interrupt edge
    /// when a GPIO line is wired, otherwise the configured batch period since the last read.
    /// Returns false when <paramref name="timeout"/> passed first.
    /// </summary>
    bool WaitForSamples(TimeSpan timeout);

    /// <summary>
    /// Drains up to <paramref name="destination"/>.Length samples from the FIFO, oldest first, and
    /// returns how many. Never blocks on the sensor (retry back-off aside); returns 0 when nothing
    /// is waiting or the chip is unavailable. Allocates nothing.
    /// </summary>
    int ReadSamples(Span<ImuSample> destination);
}
