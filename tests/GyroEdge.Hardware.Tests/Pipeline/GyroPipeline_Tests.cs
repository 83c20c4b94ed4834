using GyroEdge.Domain.Calibration;
using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Gyro;
using GyroEdge.Domain.Motion;
using GyroEdge.Hardware.Imu;
using GyroEdge.Hardware.Imu.Emulation;
using GyroEdge.Hardware.Imu.Icm42688;
using GyroEdge.Hardware.Tests.Imu;
using static GyroEdge.Native.Errno;

namespace GyroEdge.Hardware.Tests.Pipeline;

/// <summary>
/// The real pieces end to end, as the daemon wires them: the ICM-42688-P emulator on a manual
/// clock, the real driver reading it, <see cref="ImuSample.ToGyroSample"/>, one
/// <see cref="GyroStream"/> and one <see cref="FrameMotionBuilder"/>, with 20 ms exposures every
/// 33 ms. Faults hit the bus in the middle of a run; the driver, stream and builder are the same
/// instances throughout, as in a daemon that must not restart.
/// </summary>
public sealed class GyroPipeline_Tests
{
    private const long Ms = 1_000_000;
    private const long ExposureNs = 20 * Ms;
    private const long FramePeriodNs = 33 * Ms;

    [Fact]
    public void After_A_Nack_Burst_The_Stream_Recovers_In_Place_And_Only_Frames_Over_The_Outage_Lose_Their_Motion()
    {
        var pipeline = new Pipeline();
        pipeline.Run(1_000 * Ms);
        var lastBeforeFault = pipeline.NewestSampleNs;

        // Four tries of a read cycle and the first probes fail: retries exhausted, the driver
        // reports Unavailable and probes until the chip answers again (Imu/README.md, "Faults").
        pipeline.Rig.Chip.FailNextTransfers(7, EREMOTEIO);
        pipeline.Run(20 * Ms);
        Assert.Equal(ImuState.Unavailable, pipeline.Rig.Imu.State);
        pipeline.Run(2_000 * Ms);

        Assert.Equal(ImuState.Streaming, pipeline.Rig.Imu.State);
        Assert.Equal(1, pipeline.Rig.Imu.Statistics.Recoveries);
        Assert.True(pipeline.Rig.Imu.Statistics.SamplesLost > 0);
        var firstAfterFault = pipeline.FirstSampleAfter(lastBeforeFault);
        var outage = (lastBeforeFault, firstAfterFault);
        // The outage is longer than the builder bridges, so the documented rule is None, not Degraded.
        Assert.True(firstAfterFault - lastBeforeFault > (long)new FrameMotionOptions().MaxBridgedGap.TotalNanoseconds);

        pipeline.AssertFrames(lastBeforeFault - 600 * Ms, lastBeforeFault - ExposureNs, GyroQuality.Good);
        pipeline.AssertFramesOverlapping(outage, GyroQuality.None, GyroQualityIssues.Gaps | GyroQualityIssues.NotCovered);
        pipeline.AssertFrames(firstAfterFault + 500 * Ms, pipeline.NewestCoveredStartNs, GyroQuality.Good);
    }

    [Fact]
    public void A_Timeout_Mid_Burst_Loses_A_Few_Milliseconds_And_The_Frames_Across_Them_Are_Degraded_Not_Dropped()
    {
        var pipeline = new Pipeline();
        pipeline.Run(1_000 * Ms);
        var lastBeforeFault = pipeline.NewestSampleNs;

        // The status read succeeds; the FIFO burst hangs halfway: the driver flushes the FIFO
        // (a packet may be torn) and flags the next sample, losing one batch of samples.
        pipeline.Rig.Chip.FailNextTransfers(1, ETIMEDOUT, skip: 1);
        pipeline.Run(1_000 * Ms);

        Assert.Equal(ImuState.Streaming, pipeline.Rig.Imu.State);
        Assert.True(pipeline.Rig.Imu.Statistics.SamplesLost > 0);
        var firstAfterFault = pipeline.FirstSampleAfter(lastBeforeFault);
        var outage = (lastBeforeFault, firstAfterFault);
        Assert.InRange(firstAfterFault - lastBeforeFault, 2 * Ms, (long)new FrameMotionOptions().MaxBridgedGap.TotalNanoseconds);

        pipeline.AssertFrames(lastBeforeFault - 600 * Ms, lastBeforeFault - ExposureNs, GyroQuality.Good);
        pipeline.AssertFramesOverlapping(outage, GyroQuality.Degraded, GyroQualityIssues.Gaps | GyroQualityIssues.Dropouts);
        pipeline.AssertFrames(firstAfterFault + 100 * Ms, pipeline.NewestCoveredStartNs, GyroQuality.Good);
    }

    [Fact]
    public void After_The_Imu_Is_Unplugged_And_Plugged_Back_The_Same_Stream_Delivers_Good_Frames_Again()
    {
        var pipeline = new Pipeline();
        pipeline.Run(1_000 * Ms);
        var lastBeforeUnplug = pipeline.NewestSampleNs;

        pipeline.Rig.Chip.Unplug();
        pipeline.Run(1_000 * Ms);
        Assert.Equal(ImuState.Unavailable, pipeline.Rig.Imu.State);
        Assert.Equal(lastBeforeUnplug, pipeline.NewestSampleNs);
        var unpluggedFrame = pipeline.Build(lastBeforeUnplug + 200 * Ms);
        pipeline.Rig.Chip.Replug();
        pipeline.Run(2_000 * Ms);

        Assert.Equal(ImuState.Streaming, pipeline.Rig.Imu.State);
        Assert.Equal(1, pipeline.Rig.Imu.Statistics.Recoveries);
        var firstAfterReplug = pipeline.FirstSampleAfter(lastBeforeUnplug);
        // While unplugged no sample arrives after the frame: not covered yet, identities.
        Assert.Equal(GyroQuality.None, unpluggedFrame.Quality);
        Assert.Equal(GyroQualityIssues.NotCovered, unpluggedFrame.Issues);

        pipeline.AssertFrames(lastBeforeUnplug - 600 * Ms, lastBeforeUnplug - ExposureNs, GyroQuality.Good);
        pipeline.AssertFramesOverlapping((lastBeforeUnplug, firstAfterReplug), GyroQuality.None, GyroQualityIssues.Gaps | GyroQualityIssues.NotCovered);
        pipeline.AssertFrames(firstAfterReplug + 500 * Ms, pipeline.NewestCoveredStartNs, GyroQuality.Good);
    }

    /// <summary>Emulated chip → driver → ToGyroSample → stream → builder, read every 5 ms.</summary>
    private sealed class Pipeline
    {
        private readonly float[] _rotations;
        private int _fed;

        public Pipeline()
        {
            Rig = ImuRig.Icm(
                new SinusoidGyroTrace(2.0, 3.0),
                (clock, _) => new Icm42688Options { Clock = clock, MaxProbeInterval = TimeSpan.FromMilliseconds(100) });
            Stream = new GyroStream(new GyroStreamOptions { NominalRateHz = 1000, History = TimeSpan.FromSeconds(8) }, ImuCalibration.Identity);
            Builder = new FrameMotionBuilder(Stream, new FrameMotionOptions { Intrinsics = new CameraIntrinsics(500, 500, 320, 240, 640, 480) });
            _rotations = new float[Builder.RotationCount * 9];
            Rig.Imu.StartStreaming();
        }

        public ImuRig Rig { get; }

        public GyroStream Stream { get; }

        public FrameMotionBuilder Builder { get; }

        public long NewestSampleNs => Stream.NewestTimestampNs ?? throw new InvalidOperationException("No sample yet.");

        /// <summary>The latest exposure start whose whole exposure the stream already covers.</summary>
        public long NewestCoveredStartNs => NewestSampleNs - ExposureNs - 1 * Ms;

        public void Run(long durationNs)
        {
            var end = Rig.Clock.NowNs + durationNs;
            while (Rig.Clock.NowNs < end)
            {
                Rig.Run(5 * Ms, 5 * Ms);
                for (; _fed < Rig.Samples.Count; _fed++)
                    Stream.Append(Rig.Samples[_fed].ToGyroSample());
            }
        }

        public long FirstSampleAfter(long timestampNs) =>
            Rig.Samples.First(s => s.TimestampNs > timestampNs).TimestampNs;

        public FrameMotion Build(long startNs) => Builder.Build(new ExposureWindow(startNs / Ms, startNs, startNs + ExposureNs), _rotations);

        /// <summary>Every frame starting in [from, to] (one every 33 ms) has this quality and no issues beyond it.</summary>
        public void AssertFrames(long fromNs, long toNs, GyroQuality quality)
        {
            var frames = 0;
            for (var start = fromNs; start <= toNs; start += FramePeriodNs, frames++)
            {
                var motion = Build(start);
                Assert.True(motion.Quality == quality, $"frame at {start / 1e6:0.0} ms: {motion.Quality} ({motion.Issues}), expected {quality}");
                if (quality == GyroQuality.Good)
                    Assert.Equal(GyroQualityIssues.None, motion.Issues);
            }
            Assert.True(frames > 3, "the stretch should hold several frames");
        }

        /// <summary>Frames whose exposure overlaps the lost stretch, at several phases, carry this quality and these issues.</summary>
        public void AssertFramesOverlapping((long LastBefore, long FirstAfter) outage, GyroQuality quality, GyroQualityIssues issues)
        {
            // Exposures that start before the outage and end inside it, that hold it, that start
            // inside it and end after it: each one's interpolation would cross the lost stretch.
            long[] starts =
            [
                outage.LastBefore - ExposureNs + 1 * Ms,
                outage.LastBefore - ExposureNs / 2,
                outage.LastBefore - 1 * Ms,
                outage.FirstAfter - ExposureNs / 2,
                outage.FirstAfter - 1 * Ms,
            ];
            foreach (var start in starts)
            {
                var motion = Build(start);
                Assert.True(motion.Quality == quality, $"frame at {start / 1e6:0.0} ms over the outage {outage.LastBefore / 1e6:0.0}..{outage.FirstAfter / 1e6:0.0} ms: {motion.Quality} ({motion.Issues}), expected {quality}");
                Assert.Equal(issues, motion.Issues & issues);
                if (quality == GyroQuality.None)
                    Assert.All(Builder.LastOrientations.ToArray(), q => Assert.Equal(Domain.Geometry.UnitQuaternion.Identity, q));
            }
        }
    }
}
