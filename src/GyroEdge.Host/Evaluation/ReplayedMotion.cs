using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Gyro;
using GyroEdge.Domain.Motion;
using GyroEdge.Domain.Time;

namespace GyroEdge.Host.Evaluation;

/// <summary>One frame's motion as the daemon builds it: the builder's report and the M rotations it wrote.</summary>
/// <param name="Motion">Quality, issues and window.</param>
/// <param name="Rotations">M row-major 3x3 rotations (the model's <c>rotations</c>); identities when the quality is None.</param>
public sealed record FrameMotionReplay(FrameMotion Motion, float[] Rotations);

/// <summary>
/// Every frame's rotations from a recording's gyro, through the daemon's own motion path: the
/// samples go into a <see cref="GyroStream"/> with the session's calibration in time order, and a
/// <see cref="FrameMotionBuilder"/> builds each frame once the stream has passed its exposure end,
/// as the service does with live samples. The trainer's recording.py (rotations_of) computes the
/// same rotations for the same recording; tests/golden/frame_motion.json holds both integrators
/// to each other.
/// </summary>
public static class ReplayedMotion
{
    /// <summary>Builds the motion of every frame of <paramref name="recording"/> with M = <paramref name="rotationCount"/>, in the order of its frames.</summary>
    public static IReadOnlyList<FrameMotionReplay> Build(EvaluationRecording recording, int rotationCount)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var samples = recording.Gyro;
        var session = recording.Session;
        var stream = new GyroStream(
            new GyroStreamOptions
            {
                NominalRateHz = NominalRateHz(samples),
                // The recording's calibration holds the bias the set was made with (the trainer's
                // rotations_of removes exactly it). Re-estimating it at rest would make a frame's
                // rotations depend on how much still gyro the replay happened to pass before it.
                TrackBias = false,
            },
            session.Calibration);
        var builder = new FrameMotionBuilder(stream, new FrameMotionOptions
        {
            RotationCount = rotationCount,
            // The builder only reports these back; each frame's own go to the model (MotionInput).
            Intrinsics = CameraIntrinsics.FromHorizontalFieldOfView(70, recording.Format.Width, recording.Format.Height),
            // The longest step the recording's readers bridge (session.json imu.max_gap_ns): the
            // trainer splits gyro.csv there, so both sides agree on which frames have gyro.
            MaxBridgedGap = MonotonicTime.ToTimeSpan(Math.Max(100, session.MaxGyroGapNs)),
        });

        // The service builds a frame when the stream has passed its exposure end; replaying in
        // that order keeps every window inside the stream's few seconds of history, however long
        // the recording.
        var frames = recording.Frames.Count;
        var windows = Enumerable.Range(0, frames).Select(recording.ExposureOf).ToArray();
        var order = Enumerable.Range(0, frames).OrderBy(i => windows[i].MiddleRow().EndNs).ToArray();
        var result = new FrameMotionReplay[frames];
        var next = 0;
        foreach (var i in order)
        {
            var end = windows[i].MiddleRow().EndNs;
            while (next < samples.Count && !(stream.NewestTimestampNs >= end))
                stream.Append(samples[next++]);
            var rotations = new float[rotationCount * 9];
            result[i] = new FrameMotionReplay(builder.Build(windows[i], rotations), rotations);
        }
        return result;
    }

    /// <summary>The median step between samples as a rate: robust to the recording's gaps and dropped samples.</summary>
    private static double NominalRateHz(IReadOnlyList<GyroSample> samples)
    {
        if (samples.Count < 2)
            return 1000; // One sample covers no exposure; any rate gives the same (None) motion.
        var steps = new long[samples.Count - 1];
        for (var i = 1; i < samples.Count; i++)
            steps[i - 1] = samples[i].TimestampNs - samples[i - 1].TimestampNs;
        Array.Sort(steps);
        return MonotonicTime.NanosecondsPerSecond / (double)steps[steps.Length / 2];
    }
}
