using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.Gpio.Emulated;

namespace GyroEdge.Hardware.Tests.Gpio.Emulated;

public sealed class EmulatedStrobeLine_Tests
{
    private const long T0 = 1_000_000_000;

    [Fact]
    public void Delivers_Start_And_End_Edges_With_Kernel_Sequence_Numbers()
    {
        using var line = new EmulatedStrobeLine(new StrobeSchedule { FirstExposureStartNs = T0, FrameRateHz = 50, ExposureNs = 5_000_000, LineOffset = 17, FrameCount = 2 });
        var events = new GpioLineEvent[8];

        var n = line.ReadEvents(events, TimeSpan.Zero);

        Assert.Equal(
            [
                new GpioLineEvent(T0, GpioEdge.Rising, 17, 1, 1),
                new GpioLineEvent(T0 + 5_000_000, GpioEdge.Falling, 17, 2, 2),
                new GpioLineEvent(T0 + 20_000_000, GpioEdge.Rising, 17, 3, 3),
                new GpioLineEvent(T0 + 25_000_000, GpioEdge.Falling, 17, 4, 4),
            ],
            events[..n]);
    }

    [Fact]
    public void An_Active_Low_Strobe_Starts_With_A_Falling_Edge()
    {
        using var line = new EmulatedStrobeLine(new StrobeSchedule { ActiveLow = true, FrameCount = 1 });
        var events = new GpioLineEvent[4];

        line.ReadEvents(events, TimeSpan.Zero);

        Assert.Equal((GpioEdge.Falling, GpioEdge.Rising), (events[0].Edge, events[1].Edge));
    }

    [Fact]
    public void Dropped_Events_Leave_Sequence_Gaps_That_Count_As_Lost()
    {
        using var line = new EmulatedStrobeLine(new StrobeSchedule { FrameCount = 3, DroppedEvents = new HashSet<long> { 1, 2 } });
        var events = new GpioLineEvent[8];

        var n = line.ReadEvents(events, TimeSpan.Zero);

        Assert.Equal([1u, 4, 5, 6], events[..n].Select(e => e.Seqno));
        Assert.Equal(2, line.LostEvents);
    }

    [Fact]
    public void Jitter_Stays_In_Bounds_And_Repeats_For_The_Same_Seed()
    {
        var schedule = new StrobeSchedule { FirstExposureStartNs = T0, FrameRateHz = 30, ExposureNs = 10_000_000, JitterNs = 100_000, Seed = 9 };
        using var line = new EmulatedStrobeLine(schedule);
        using var again = new EmulatedStrobeLine(schedule);

        var offsets = Enumerable.Range(0, 300).Select(f => line.ExposureOf(f).StartNs - (T0 + (long)Math.Round(f * 1e9 / 30))).ToArray();

        Assert.All(offsets, o => Assert.InRange(o, -100_000, 100_000));
        Assert.True(offsets.Distinct().Count() > 250);
        Assert.Equal(Enumerable.Range(0, 300).Select(f => line.ExposureOf(f)), Enumerable.Range(0, 300).Select(f => again.ExposureOf(f)));
    }

    [Fact]
    public void With_A_Clock_Only_Edges_In_The_Past_Are_Delivered()
    {
        var clock = new ManualMonotonicClock(T0 - 1);
        using var line = new EmulatedStrobeLine(new StrobeSchedule { FirstExposureStartNs = T0, FrameRateHz = 30, ExposureNs = 10_000_000 }, clock);
        var events = new GpioLineEvent[8];

        Assert.Equal(0, line.ReadEvents(events, TimeSpan.FromSeconds(1)));
        clock.Set(T0 + 10_000_000);

        Assert.Equal(2, line.ReadEvents(events, TimeSpan.Zero));
        Assert.Equal(0, line.ReadEvents(events, TimeSpan.Zero));
    }

    [Fact]
    public void Only_Start_Edges_Number_One_Per_Exposure()
    {
        using var line = new EmulatedStrobeLine(new StrobeSchedule { FirstExposureStartNs = T0, FrameRateHz = 100, ExposureNs = 5_000_000, Edges = StrobeEdges.StartOnly, FrameCount = 3 });
        var events = new GpioLineEvent[8];

        var n = line.ReadEvents(events, TimeSpan.Zero);

        Assert.Equal([T0, T0 + 10_000_000, T0 + 20_000_000], events[..n].Select(e => e.TimestampNs));
        Assert.All(events[..n], e => Assert.Equal(GpioEdge.Rising, e.Edge));
    }
}
