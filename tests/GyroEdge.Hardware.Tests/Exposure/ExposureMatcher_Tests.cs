using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Exposure;
using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Gpio.Emulated;

namespace GyroEdge.Hardware.Tests.Exposure;

public sealed class ExposureMatcher_Tests
{
    private const long T0 = 10_000_000_000;
    private const long Period = 33_333_333;
    private const long Exposure = 10_000_000;

    private static ExposureWindow Window(long strobeIndex, long readout = 0) =>
        new(strobeIndex, T0 + (strobeIndex * Period), T0 + (strobeIndex * Period) + Exposure, readout);

    private static List<ExposureMatch> Drain(ExposureMatcher matcher)
    {
        var matches = new List<ExposureMatch>();
        while (matcher.TryTakeMatch(out var match))
            matches.Add(match);
        return matches;
    }

    [Fact]
    public void End_Of_Frame_Stamps_Match_The_Last_Rows_Exposure_End_Plus_Latency()
    {
        var matcher = new ExposureMatcher(new ExposureMatcherOptions { TimestampSource = FrameTimestampSource.EndOfFrame, EndOfFrameLatencyNs = 3_000_000 });
        for (var i = 0; i < 5; i++)
        {
            matcher.AddWindow(Window(i + 40, readout: 20_000_000));
            // Interrupt latency: a few hundred microseconds either way.
            matcher.AddFrame(1000 + i, T0 + ((i + 40) * Period) + Exposure + 20_000_000 + 3_000_000 + ((i % 2 == 0 ? 1 : -1) * 400_000));
        }

        var matches = Drain(matcher);

        Assert.Equal(Enumerable.Range(1000, 5).Select(s => (long)s), matches.Select(m => m.FrameSequence));
        Assert.Equal(Enumerable.Range(40, 5).Select(s => (long)s), matches.Select(m => m.StrobeIndex));
        Assert.All(matches, m => Assert.Equal(m.FrameSequence, m.Exposure.FrameId));
        Assert.Equal(5, matcher.Matched);
    }

    [Fact]
    public void Start_Of_Exposure_Stamps_Match_The_Window_Start()
    {
        var matcher = new ExposureMatcher(new ExposureMatcherOptions { TimestampSource = FrameTimestampSource.StartOfExposure });

        matcher.AddWindow(Window(0));
        matcher.AddFrame(7, T0 + 150_000);

        Assert.True(matcher.TryTakeMatch(out var match));
        Assert.Equal(new ExposureWindow(7, T0, T0 + Exposure), match.Exposure);
    }

    [Fact]
    public void A_Frame_The_Camera_Dropped_Leaves_Its_Window_Unmatched_And_The_Rest_Paired()
    {
        var matcher = new ExposureMatcher(new ExposureMatcherOptions { TimestampSource = FrameTimestampSource.StartOfExposure });
        for (var i = 0; i < 6; i++)
        {
            matcher.AddWindow(Window(i));
            if (i != 3)
                matcher.AddFrame(i, T0 + (i * Period));
        }

        var matches = Drain(matcher);

        Assert.Equal([0L, 1, 2, 4, 5], matches.Select(m => m.FrameSequence));
        Assert.Equal([0L, 1, 2, 4, 5], matches.Select(m => m.StrobeIndex));
        Assert.Equal((1L, 0L, 1L), (matcher.UnmatchedWindows, matcher.UnmatchedFrames, matcher.FrameSequenceGaps));
    }

    [Fact]
    public void A_Lost_Strobe_Pulse_Leaves_Its_Frame_Unmatched()
    {
        var matcher = new ExposureMatcher(new ExposureMatcherOptions { TimestampSource = FrameTimestampSource.StartOfExposure });
        for (var i = 0; i < 6; i++)
        {
            if (i != 2)
                matcher.AddWindow(Window(i));
            matcher.AddFrame(i, T0 + (i * Period));
        }

        var matches = Drain(matcher);

        Assert.Equal([0L, 1, 3, 4, 5], matches.Select(m => m.FrameSequence));
        Assert.Equal((0L, 1L, 1L), (matcher.UnmatchedWindows, matcher.UnmatchedFrames, matcher.StrobeSequenceGaps));
    }

    [Fact]
    public void Frames_That_Arrive_Before_Their_Windows_Still_Match()
    {
        var matcher = new ExposureMatcher(new ExposureMatcherOptions { TimestampSource = FrameTimestampSource.StartOfExposure });
        matcher.AddFrame(0, T0);
        matcher.AddFrame(1, T0 + Period);
        Assert.False(matcher.TryTakeMatch(out _));

        matcher.AddWindow(Window(0));
        matcher.AddWindow(Window(1));

        Assert.Equal([0L, 1], Drain(matcher).Select(m => m.FrameSequence));
        Assert.Equal(0, matcher.UnmatchedFrames);
    }

    [Fact]
    public void A_Stamp_Off_By_More_Than_The_Tolerance_Does_Not_Match()
    {
        var matcher = new ExposureMatcher(new ExposureMatcherOptions { TimestampSource = FrameTimestampSource.StartOfExposure, ToleranceNs = 1_000_000 });

        matcher.AddWindow(Window(0));
        matcher.AddFrame(0, T0 + 1_500_000);
        matcher.AddWindow(Window(1));

        Assert.False(matcher.TryTakeMatch(out _));
        Assert.Equal((1L, 1L), (matcher.UnmatchedWindows, matcher.UnmatchedFrames));
    }

    [Fact]
    public void By_Order_The_Nth_Window_Goes_With_The_Nth_Frame_Whatever_Their_Times()
    {
        var matcher = new ExposureMatcher(new ExposureMatcherOptions { Mode = ExposureMatchMode.Order });

        matcher.AddWindow(Window(0));
        matcher.AddWindow(Window(1));
        matcher.AddFrame(10, 5);
        matcher.AddFrame(11, 6);

        Assert.Equal([(0L, 10L), (1L, 11L)], Drain(matcher).Select(m => (m.StrobeIndex, m.FrameSequence)));
    }

    [Fact]
    public void Emulated_Strobe_And_Simulated_Camera_On_One_Clock_Pair_Every_Frame_With_Its_True_Exposure()
    {
        var clock = new ManualMonotonicClock(T0);
        var schedule = new StrobeSchedule { FirstExposureStartNs = T0, FrameRateHz = 30, ExposureNs = Exposure, JitterNs = 50_000, DroppedEvents = new HashSet<long> { 30, 31 } };
        using var strobe = new StrobeExposureReader(new EmulatedStrobeLine(schedule, clock), new ExposureStrobeOptions());
        using var camera = new SimulatedFrameSource(
            new SimulatedCameraOptions { Width = 8, Height = 8, FrameRateHz = 30, ExposureNs = Exposure, FirstExposureStartNs = T0, TimestampSource = FrameTimestampSource.EndOfFrame },
            clock);
        var matcher = new ExposureMatcher(new ExposureMatcherOptions { TimestampSource = FrameTimestampSource.EndOfFrame, ToleranceNs = 1_000_000 });
        var windows = new ExposureWindow[8];
        var matches = new List<ExposureMatch>();

        for (var step = 0; step < 40 * 4; step++)
        {
            clock.Advance(Period / 4);
            var n = strobe.ReadWindows(windows, TimeSpan.Zero);
            for (var i = 0; i < n; i++)
                matcher.AddWindow(windows[i]);
            while (camera.TryReadFrame(TimeSpan.Zero, out var frame))
            {
                matcher.AddFrame(frame.Sequence, frame.TimestampNs);
                frame.Dispose();
            }
            while (matcher.TryTakeMatch(out var match))
                matches.Add(match);
        }

        // Frame 15's strobe pulse (events 30, 31) was lost; every other frame has its own exposure.
        Assert.DoesNotContain(matches, m => m.FrameSequence == 15);
        Assert.True(matches.Count >= 38);
        Assert.All(matches, m => Assert.Equal(m.FrameSequence, m.StrobeIndex));
        Assert.All(matches, m => Assert.InRange(m.Exposure.StartNs - camera.ExposureOf(m.FrameSequence).StartNs, -50_000, 50_000));
        Assert.Equal(1, matcher.UnmatchedFrames);
        Assert.Equal(2, strobe.LostEvents);
    }

    [Fact]
    public void A_Tolerance_Of_Zero_Is_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new ExposureMatcher(new ExposureMatcherOptions { ToleranceNs = 0 }));

        Assert.Contains("ToleranceNs is 0", error.Message, StringComparison.Ordinal);
    }
}
