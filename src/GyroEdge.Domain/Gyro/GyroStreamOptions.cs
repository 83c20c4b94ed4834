using System.Globalization;

namespace GyroEdge.Domain.Gyro;

/// <summary>How a <see cref="GyroStream"/> is sized and how it judges its samples.</summary>
public sealed class GyroStreamOptions
{
    /// <summary>The IMU's output data rate in Hz (required): sizes the ring and sets the gap limit.</summary>
    public double NominalRateHz { get; set; }

    /// <summary>
    /// How much history the ring keeps. Frames wait in bounded queues before their motion is
    /// built; four seconds outlasts any queue and costs 40 bytes per sample (1.3 MB at 8 kHz).
    /// </summary>
    public TimeSpan History { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// A step between samples longer than this many nominal periods is a gap. 1.75 passes the
    /// timestamp jitter of FIFO-batched IMUs (a few percent) and real logs (the smartphone log's
    /// 99th percentile step is 1.02 periods) but catches a single lost sample (2 periods).
    /// </summary>
    public double GapFactor { get; set; } = 1.75;

    /// <summary>Estimate the gyro bias whenever the device is at rest (see <see cref="StillnessWindow"/>).</summary>
    public bool TrackBias { get; set; } = true;

    /// <summary>
    /// How long the device must be still for one bias measurement. Half a second averages MEMS
    /// white noise well below the bias stability of consumer gyros (~0.1 °/s).
    /// </summary>
    public TimeSpan StillnessWindow { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// Still means every axis's standard deviation over the window is below this (rad/s).
    /// 0.01 rad/s (0.57 °/s) is above the noise of current MEMS gyros at 1 kHz and below any
    /// hand-held or vehicle vibration.
    /// </summary>
    public double StillnessMaxStdDev { get; set; } = 0.01;

    /// <summary>
    /// A still window whose mean rate exceeds this (rad/s) is a smooth turn, not bias: consumer
    /// gyros are specified to a few °/s of zero-rate offset at most; 0.1 rad/s is 5.7 °/s.
    /// </summary>
    public double MaxBiasMagnitude { get; set; } = 0.1;

    /// <summary>
    /// How far each still window moves the estimate towards its mean (0..1]. 0.2 tracks bias
    /// drift within a few still seconds while one odd window moves it only a fifth of the way.
    /// </summary>
    public double BiasTrackingGain { get; set; } = 0.2;

    /// <summary>Throws, naming the property, if a value cannot work.</summary>
    public void Validate()
    {
        if (!(NominalRateHz > 0) || !double.IsFinite(NominalRateHz))
            throw Invalid(nameof(NominalRateHz), NominalRateHz, "the IMU's output data rate in Hz, e.g. 1000");
        if (History <= TimeSpan.Zero || History > TimeSpan.FromMinutes(10))
            throw Invalid(nameof(History), History, "between 0 and 10 minutes; a few seconds is enough");
        if (NominalRateHz * History.TotalSeconds > 1 << 26)
            throw Invalid(nameof(History), History, $"small enough that the ring holds at most 2^26 samples at {NominalRateHz} Hz");
        if (!(GapFactor > 1) || !double.IsFinite(GapFactor))
            throw Invalid(nameof(GapFactor), GapFactor, "a number of nominal periods above 1, e.g. 1.75");
        if (StillnessWindow <= TimeSpan.Zero)
            throw Invalid(nameof(StillnessWindow), StillnessWindow, "a positive duration, e.g. 0.5 s");
        if (!(StillnessMaxStdDev > 0))
            throw Invalid(nameof(StillnessMaxStdDev), StillnessMaxStdDev, "a positive rate in rad/s, e.g. 0.01");
        if (!(MaxBiasMagnitude > 0))
            throw Invalid(nameof(MaxBiasMagnitude), MaxBiasMagnitude, "a positive rate in rad/s, e.g. 0.1");
        if (!(BiasTrackingGain > 0 && BiasTrackingGain <= 1))
            throw Invalid(nameof(BiasTrackingGain), BiasTrackingGain, "in (0, 1], e.g. 0.2");
    }

    private static ArgumentException Invalid(string property, object value, string expected) =>
        new(string.Create(CultureInfo.InvariantCulture, $"GyroStreamOptions.{property} is {value}; it must be {expected}."), property);
}
