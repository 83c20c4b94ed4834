using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Geometry;
using GyroEdge.Domain.Gyro;
using GyroEdge.Domain.Time;

namespace GyroEdge.Domain.Motion;

/// <summary>
/// Builds a frame's motion input from the gyro stream: M rotations evenly spaced over its
/// exposure relative to mid-exposure (<see cref="ExposureInstants"/>, <see cref="MotionIntegrator"/>),
/// in camera axes, and a quality. Ask once <see cref="GyroStream.NewestTimestampNs"/> has passed
/// the window's end; before that the answer is None/NotCovered.
/// One builder per consumer thread: it owns scratch buffers, so a frame allocates nothing
/// (the sample buffer grows only if a window ever needs more samples than it holds).
/// </summary>
public sealed class FrameMotionBuilder
{
    private readonly GyroStream _stream;
    private readonly CameraIntrinsics _intrinsics;
    private readonly bool _honourReadout;
    private readonly long _maxBridgedGapNs;
    private readonly double[] _instants;
    private readonly UnitQuaternion[] _orientations;
    private GyroSample[] _samples;

    public FrameMotionBuilder(GyroStream stream, FrameMotionOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _stream = stream;
        _intrinsics = options.Intrinsics!;
        _honourReadout = options.HonourReadout;
        _maxBridgedGapNs = MonotonicTime.FromTimeSpan(options.MaxBridgedGap);
        RotationCount = options.RotationCount;
        _instants = new double[RotationCount];
        _orientations = new UnitQuaternion[RotationCount];
        // A quarter second of samples covers any exposure a deblurring model is trained for.
        _samples = new GyroSample[(int)Math.Ceiling(stream.NominalRateHz * 0.25) + 8];
    }

    /// <summary>M: rotations per frame.</summary>
    public int RotationCount { get; }

    /// <summary>
    /// Writes M row-major 3×3 rotations (M·9 floats, the model's <c>rotations</c> input) for the
    /// frame exposed over <paramref name="exposure"/>. With quality None they are identities.
    /// </summary>
    public FrameMotion Build(in ExposureWindow exposure, Span<float> rotations)
    {
        CheckLength(rotations.Length);
        var motion = BuildOrientations(exposure);
        for (var m = 0; m < RotationCount; m++)
            _orientations[m].ToMatrix().CopyTo(rotations.Slice(m * 9, 9));
        return motion;
    }

    /// <summary>As <see cref="Build(in ExposureWindow, Span{float})"/>, in double precision (the golden vectors' tolerance needs it).</summary>
    public FrameMotion Build(in ExposureWindow exposure, Span<double> rotations)
    {
        CheckLength(rotations.Length);
        var motion = BuildOrientations(exposure);
        for (var m = 0; m < RotationCount; m++)
            _orientations[m].ToMatrix().CopyTo(rotations.Slice(m * 9, 9));
        return motion;
    }

    /// <summary>The orientations of the last <see cref="Build(in ExposureWindow, Span{float})"/> as quaternions; valid until the next call.</summary>
    public ReadOnlySpan<UnitQuaternion> LastOrientations => _orientations;

    private FrameMotion BuildOrientations(in ExposureWindow exposure)
    {
        var window = _honourReadout ? exposure.MiddleRow() : exposure;
        var coverage = _stream.TryCopyWindow(window.StartNs, window.EndNs, _samples, out var count);
        if (coverage == GyroCoverage.DestinationTooSmall)
        {
            // Only a window longer than any before it gets here; the larger buffer stays.
            _samples = new GyroSample[Math.Max(count, _samples.Length * 2)];
            coverage = _stream.TryCopyWindow(window.StartNs, window.EndNs, _samples, out count);
        }
        if (coverage != GyroCoverage.Covered)
            return Uncovered(exposure.FrameId, window, GyroQualityIssues.NotCovered, 0);

        var samples = _samples.AsSpan(0, count);
        var issues = Judge(samples, out var bridgesTooLong);
        if (bridgesTooLong)
            return Uncovered(exposure.FrameId, window, issues | GyroQualityIssues.NotCovered, count);

        var reference = ExposureInstants.Fill(window.DurationNs, _instants);
        if (!MotionIntegrator.TryIntegrate(samples, window.StartNs, reference, _instants, _orientations))
            return Uncovered(exposure.FrameId, window, issues | GyroQualityIssues.NotCovered, count);

        var quality = issues == GyroQualityIssues.None ? GyroQuality.Good : GyroQuality.Degraded;
        return new FrameMotion(exposure.FrameId, quality, issues, window.StartNs, window.EndNs, count, _intrinsics);
    }

    /// <summary>
    /// What is wrong over the window. The first sample's "before" faults describe time before
    /// the window and do not count; its saturation does (it shapes the first piece).
    /// </summary>
    private GyroQualityIssues Judge(ReadOnlySpan<GyroSample> samples, out bool bridgesTooLong)
    {
        var issues = GyroQualityIssues.None;
        bridgesTooLong = false;
        for (var i = 0; i < samples.Length; i++)
        {
            var sample = samples[i].Faults;
            if ((sample & GyroSampleFaults.Saturated) != 0)
                issues |= GyroQualityIssues.Saturation;
            if (i == 0)
                continue;
            if ((sample & GyroSampleFaults.GapBefore) != 0)
                issues |= GyroQualityIssues.Gaps;
            if ((sample & GyroSampleFaults.DropoutBefore) != 0)
                issues |= GyroQualityIssues.Dropouts;
            if (samples[i].TimestampNs - samples[i - 1].TimestampNs > _maxBridgedGapNs)
            {
                issues |= GyroQualityIssues.Gaps;
                bridgesTooLong = true;
            }
        }
        return issues;
    }

    private FrameMotion Uncovered(long frameId, in ExposureWindow window, GyroQualityIssues issues, int count)
    {
        _orientations.AsSpan().Fill(UnitQuaternion.Identity);
        return new FrameMotion(frameId, GyroQuality.None, issues, window.StartNs, window.EndNs, count, _intrinsics);
    }

    private void CheckLength(int length)
    {
        if (length < RotationCount * 9)
            throw new ArgumentException($"{RotationCount} rotations need {RotationCount * 9} values (M x 3 x 3); the buffer holds {length}.", nameof(length));
    }
}
