using GyroEdge.Domain.Geometry;

namespace GyroEdge.Domain.Gyro;

/// <summary>
/// Estimates the gyro's zero-rate output while the device is at rest. Samples are taken in
/// consecutive blocks of one stillness window; a block that is clean (no saturation, gap or
/// dropout), quiet (every axis's standard deviation under the limit) and slow (mean under the
/// plausible bias) moves the estimate a fraction of the way to its mean. Running sums, so
/// nothing is allocated or stored per sample. Owned by the stream's producer thread.
/// </summary>
internal sealed class StillnessBiasTracker
{
    private readonly int _blockLength;
    private readonly double _maxVariance;
    private readonly double _maxBias;
    private readonly double _gain;
    private readonly bool _enabled;

    // Sums of (ω - the bias at the block's start): centred data keeps E[x²] - E[x]² from cancelling.
    private AngularVelocity _origin;
    private double _sx, _sy, _sz, _sxx, _syy, _szz;
    private int _count;
    private bool _spoiled;

    public StillnessBiasTracker(GyroStreamOptions options, AngularVelocity initialBias)
    {
        _enabled = options.TrackBias;
        _blockLength = Math.Max(8, (int)Math.Round(options.NominalRateHz * options.StillnessWindow.TotalSeconds));
        _maxVariance = options.StillnessMaxStdDev * options.StillnessMaxStdDev;
        _maxBias = options.MaxBiasMagnitude;
        _gain = options.BiasTrackingGain;
        Bias = initialBias;
        _origin = initialBias;
    }

    public AngularVelocity Bias { get; private set; }

    /// <summary>Still blocks seen so far (each one updated the estimate).</summary>
    public long StillBlocks { get; private set; }

    public void Observe(AngularVelocity imu, GyroSampleFaults faults)
    {
        if (!_enabled)
            return;
        if ((faults & (GyroSampleFaults.Saturated | GyroSampleFaults.DropoutBefore | GyroSampleFaults.GapBefore)) != 0)
            _spoiled = true;

        var d = imu - _origin;
        _sx += d.X;
        _sy += d.Y;
        _sz += d.Z;
        _sxx += d.X * d.X;
        _syy += d.Y * d.Y;
        _szz += d.Z * d.Z;
        if (++_count < _blockLength)
            return;

        double n = _count;
        var mean = new AngularVelocity(_sx / n, _sy / n, _sz / n);
        var still = !_spoiled
            && (_sxx / n) - (mean.X * mean.X) < _maxVariance
            && (_syy / n) - (mean.Y * mean.Y) < _maxVariance
            && (_szz / n) - (mean.Z * mean.Z) < _maxVariance;
        var blockMean = _origin + mean;
        if (still && blockMean.Magnitude < _maxBias)
        {
            Bias += (blockMean - Bias) * _gain;
            StillBlocks++;
        }

        _origin = Bias;
        _sx = _sy = _sz = _sxx = _syy = _szz = 0;
        _count = 0;
        _spoiled = false;
    }
}
