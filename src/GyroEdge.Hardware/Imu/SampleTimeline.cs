namespace GyroEdge.Hardware.Imu;

/// <summary>
/// Maps the IMU's own time axis onto CLOCK_MONOTONIC: <c>mono(u) = a + k·u</c>, where u is the
/// sample's time on the IMU clock in nanoseconds (the unwrapped FIFO timestamp on the
/// ICM-42688-P; sample index × nominal period on the MPU-6050 family, whose FIFO has no time)
/// and k absorbs the IMU oscillator's rate error against the host clock.
/// </summary>
/// <remarks>
/// <para>
/// What the host can observe, and so what this is fed: every read cycle brackets one sample.
/// The last sample counted by a FIFO_COUNT read existed when the count was latched, so it was
/// sampled no later than the end of that transaction; the next sample did not exist yet when
/// the transaction began, so the counted one is no older than that instant minus one period.
/// That gives an interval <c>[t_count_start − P, t_count_end]</c> of width P plus the
/// transaction time; an interrupt edge whose sample is known gives an exact point (the kernel
/// stamps the edge in its interrupt handler, microseconds after the chip raised it).
/// </para>
/// <para>
/// Method: observations are gathered in windows of <see cref="WindowNs"/>. Within a window the
/// tightest bounds win (the smallest upper bound, the largest lower bound, after subtracting
/// the current model), since reads land at varying phases of the sample clock; the window's
/// midpoint, or the mean of its exact edge points, becomes one (u, mono) point. A least-squares
/// line through the last <see cref="PointCapacity"/> points (16 s) gives a and k; until the
/// points span <see cref="MinRateSpanNs"/>, k keeps its previous value and only a is fitted.
/// </para>
/// <para>
/// Error: with polling, a window's midpoint is off by at most half its envelope width, which is
/// one sample period plus the FIFO_COUNT transaction when every read lands at the same phase
/// (worst case) and shrinks towards the transaction time as read phases spread (the usual case,
/// since the reader's wake-ups jitter). The line averages 64 windows, so the rate error after
/// 16 s is of the order of that width divided by the span (tens of ppm at 1 kHz, far less with
/// interrupt edges). A bias that is the same in every read (for example the reader always
/// preempted between the clock read and the transfer) cannot be seen from the host: only
/// interrupt edges, or FSYNC-tagged samples matched to strobe edges downstream, remove it.
/// </para>
/// Allocation-free after construction; single-threaded (the reader thread).
/// </remarks>
internal sealed class SampleTimeline
{
    /// <summary>Points kept for the fit: 64 windows of 250 ms, 16 s of history.</summary>
    internal const int PointCapacity = 64;

    internal const long WindowNs = 250_000_000;

    /// <summary>The points must span this long before the rate is fitted rather than kept.</summary>
    internal const long MinRateSpanNs = 1_000_000_000;

    /// <summary>Internal oscillators are specified to about ±1 % (MPU-6050 PS §6.5; ICM-42688-P RC); 5 % bounds a broken fit.</summary>
    private const double MaxSlope = 0.05;

    /// <summary>No bracket is trusted below a microsecond: interrupt latency and clock reads are of that order.</summary>
    private const double MinimumWidthNs = 1_000;

    private readonly long _periodNs;
    private readonly double[] _pointX = new double[PointCapacity];
    private readonly double[] _pointY = new double[PointCapacity];
    private readonly double[] _pointWeight = new double[PointCapacity];
    private int _pointCount;
    private int _pointNext;

    // Fit coordinates: x = u − _uOrigin, y = mono − _monoOrigin − x; the line is y = _intercept + _slope·x,
    // so k = 1 + _slope and doubles stay small and exact for hours of samples.
    private bool _anchored;
    private long _uOrigin;
    private long _monoOrigin;
    private double _intercept;
    private double _slope;

    // The open window, as residuals against the current line.
    private bool _windowOpen;
    private long _windowStartMono;
    private long _windowU;
    private double _minUpper;
    private double _maxLower;
    private double _exactSum;
    private double _exactMin;
    private double _exactMax;
    private int _exactCount;

    /// <param name="nominalPeriodNs">One sample period: the width of a read's bracket when only one bound is known.</param>
    public SampleTimeline(long nominalPeriodNs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nominalPeriodNs);
        _periodNs = nominalPeriodNs;
    }

    public bool IsAnchored => _anchored;

    /// <summary>The IMU clock's rate error against CLOCK_MONOTONIC, ppm (positive: the IMU runs fast).</summary>
    public double DriftPpm => (1.0 / (1.0 + _slope) - 1.0) * 1e6;

    /// <summary>Points currently in the fit, for tests.</summary>
    internal int PointCount => _pointCount;

    /// <summary>
    /// Sample u was taken no earlier than <paramref name="monoLower"/> and no later than
    /// <paramref name="monoUpper"/> (equal for an exact edge; <see cref="long.MinValue"/> or
    /// <see cref="long.MaxValue"/> for an unknown side).
    /// </summary>
    public void Observe(long u, long monoLower, long monoUpper)
    {
        var hasLower = monoLower != long.MinValue;
        var hasUpper = monoUpper != long.MaxValue;
        if (!hasLower && !hasUpper)
            return;
        var observedAt = hasUpper ? monoUpper : monoLower;

        if (!_anchored)
        {
            var guess = (hasLower, hasUpper) switch
            {
                (true, true) => monoLower + (monoUpper - monoLower) / 2,
                (true, false) => monoLower + _periodNs / 2,
                _ => monoUpper - _periodNs / 2,
            };
            _uOrigin = u;
            _monoOrigin = guess;
            _intercept = 0;
            _anchored = true;
            _pointCount = 0;
            _pointNext = 0;
            _windowOpen = false;
        }

        if (!_windowOpen)
        {
            _windowOpen = true;
            _windowStartMono = observedAt;
            _minUpper = double.PositiveInfinity;
            _maxLower = double.NegativeInfinity;
            _exactSum = 0;
            _exactMin = double.PositiveInfinity;
            _exactMax = double.NegativeInfinity;
            _exactCount = 0;
        }

        var predicted = PredictExact(u);
        if (hasLower && hasUpper && monoLower == monoUpper)
        {
            var residual = monoLower - predicted;
            _exactSum += residual;
            _exactMin = Math.Min(_exactMin, residual);
            _exactMax = Math.Max(_exactMax, residual);
            _exactCount++;
        }
        else
        {
            if (hasUpper)
                _minUpper = Math.Min(_minUpper, monoUpper - predicted);
            if (hasLower)
                _maxLower = Math.Max(_maxLower, monoLower - predicted);
        }
        _windowU = u;

        // The first window closes at once so the line starts from a real point; later ones gather 250 ms.
        if (_pointCount == 0 || observedAt - _windowStartMono >= WindowNs)
            CloseWindow();
    }

    /// <summary>CLOCK_MONOTONIC nanoseconds of IMU time <paramref name="u"/>; requires <see cref="IsAnchored"/>.</summary>
    public long ToMonotonic(long u) => (long)Math.Round(PredictExact(u));

    /// <summary>The IMU time at CLOCK_MONOTONIC <paramref name="mono"/>; requires <see cref="IsAnchored"/>.</summary>
    public long ToImuTime(long mono)
    {
        var offset = mono - _monoOrigin - _intercept;
        return _uOrigin + (long)Math.Round(offset / (1.0 + _slope));
    }

    /// <summary>
    /// The IMU time axis jumped by an unknown amount (the chip was reset): forget the offset
    /// but keep the rate, which belongs to the oscillator and survives the reset.
    /// </summary>
    public void Rebase()
    {
        _anchored = false;
        _windowOpen = false;
        _pointCount = 0;
        _pointNext = 0;
    }

    private double PredictExact(long u)
    {
        double x = u - _uOrigin;
        return _monoOrigin + x + _intercept + _slope * x;
    }

    private void CloseWindow()
    {
        _windowOpen = false;
        // A window's point is only as good as its bracket: the spread of its exact edges, or the
        // envelope's width. Points are weighted by 1/width², so a few seconds of polled brackets
        // cannot drag a line that interrupt edges pin to the microsecond.
        double residual;
        double width;
        if (_exactCount > 0)
        {
            residual = _exactSum / _exactCount;
            width = _exactMax - _exactMin;
        }
        else if (!double.IsInfinity(_minUpper) && !double.IsInfinity(_maxLower))
        {
            residual = (_minUpper + _maxLower) / 2;
            width = Math.Abs(_minUpper - _maxLower);
        }
        else if (!double.IsInfinity(_minUpper))
        {
            residual = _minUpper - _periodNs / 2.0;
            width = _periodNs;
        }
        else
        {
            residual = _maxLower + _periodNs / 2.0;
            width = _periodNs;
        }
        width = Math.Max(width, MinimumWidthNs);

        double x = _windowU - _uOrigin;
        var y = _intercept + _slope * x + residual;
        _pointX[_pointNext] = x;
        _pointY[_pointNext] = y;
        _pointWeight[_pointNext] = 1.0 / (width * width);
        _pointNext = (_pointNext + 1) % PointCapacity;
        if (_pointCount < PointCapacity)
            _pointCount++;
        Fit();
    }

    private void Fit()
    {
        double minX = double.PositiveInfinity, maxX = double.NegativeInfinity, meanX = 0, meanY = 0, total = 0;
        for (var i = 0; i < _pointCount; i++)
        {
            var w = _pointWeight[i];
            minX = Math.Min(minX, _pointX[i]);
            maxX = Math.Max(maxX, _pointX[i]);
            meanX += w * _pointX[i];
            meanY += w * _pointY[i];
            total += w;
        }
        meanX /= total;
        meanY /= total;

        if (maxX - minX >= MinRateSpanNs)
        {
            double sxy = 0, sxx = 0;
            for (var i = 0; i < _pointCount; i++)
            {
                var dx = _pointX[i] - meanX;
                sxy += _pointWeight[i] * dx * (_pointY[i] - meanY);
                sxx += _pointWeight[i] * dx * dx;
            }
            if (sxx > 0)
                _slope = Math.Clamp(sxy / sxx, -MaxSlope, MaxSlope);
        }

        // With the rate fixed (fitted or kept), the offset is the weighted mean residual: least squares for a.
        _intercept = meanY - _slope * meanX;
    }
}
