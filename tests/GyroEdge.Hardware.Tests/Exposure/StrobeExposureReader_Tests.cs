using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Exposure;
using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.Gpio.Emulated;

namespace GyroEdge.Hardware.Tests.Exposure;

public sealed class StrobeExposureReader_Tests
{
    private const long T0 = 10_000_000_000;

    private static StrobeSchedule Schedule(IReadOnlySet<long>? dropped = null) => new()
    {
        FirstExposureStartNs = T0,
        FrameRateHz = 30,
        ExposureNs = 12_000_000,
        JitterNs = 40_000,
        DroppedEvents = dropped ?? new HashSet<long>(),
        FrameCount = 100,
    };

    private static List<ExposureWindow> ReadAll(StrobeExposureReader reader)
    {
        var windows = new List<ExposureWindow>();
        var buffer = new ExposureWindow[7];
        int n;
        while ((n = reader.ReadWindows(buffer, TimeSpan.Zero)) > 0)
            windows.AddRange(buffer.AsSpan(0, n).ToArray());
        return windows;
    }

    [Fact]
    public void Every_Strobe_Pulse_Becomes_The_Window_It_Marked()
    {
        var line = new EmulatedStrobeLine(Schedule());
        using var reader = new StrobeExposureReader(line, new ExposureStrobeOptions(), batchSize: 16);

        var windows = ReadAll(reader);

        Assert.Equal(Enumerable.Range(0, 100).Select(f => line.ExposureOf(f)), windows);
        Assert.Equal(0, reader.LostEvents);
    }

    [Fact]
    public void Dropped_Events_Lose_Their_Exposures_And_Nothing_Else()
    {
        // Event 21 is frame 10's end; events 40 and 41 are all of frame 20.
        var line = new EmulatedStrobeLine(Schedule(new HashSet<long> { 21, 40, 41 }));
        using var reader = new StrobeExposureReader(line, new ExposureStrobeOptions());

        var windows = ReadAll(reader);

        Assert.Equal(Enumerable.Range(0, 100).Where(f => f is not (10 or 20)).Select(f => line.ExposureOf(f)), windows);
        Assert.Equal(3, reader.LostEvents);
        Assert.Equal(3, reader.Decoder.LostEdges);
        Assert.Equal(1, reader.Decoder.IncompleteExposures);
    }

    [Fact]
    public void With_A_Clock_A_Window_Arrives_Only_After_Its_End_Edge()
    {
        var clock = new ManualMonotonicClock(T0);
        using var reader = new StrobeExposureReader(new EmulatedStrobeLine(Schedule(), clock), new ExposureStrobeOptions());
        var buffer = new ExposureWindow[4];

        Assert.Equal(0, reader.ReadWindows(buffer, TimeSpan.FromSeconds(1)));
        clock.Set(T0 + 11_900_000);
        Assert.Equal(0, reader.ReadWindows(buffer, TimeSpan.Zero));
        clock.Set(T0 + 12_100_000);

        Assert.Equal(1, reader.ReadWindows(buffer, TimeSpan.Zero));
        Assert.Equal(0, buffer[0].FrameId);
    }

    [Fact]
    public void Hte_Timestamps_Are_Refused_Until_An_Offset_Converts_Them()
    {
        using var line = new HteLine();

        var error = Assert.Throws<ArgumentException>(() => new StrobeExposureReader(line, new ExposureStrobeOptions()));

        Assert.Contains("stamps edges with the Hte clock, but frames and gyro samples are on CLOCK_MONOTONIC", error.Message, StringComparison.Ordinal);
        Assert.Contains("TSC timebase", error.Message, StringComparison.Ordinal);
        using var accepted = new StrobeExposureReader(line, new ExposureStrobeOptions { TimestampOffsetNs = -29_000_000_000, TimestampOffsetConvertsClock = true });
        Assert.Equal("hte line", accepted.Name);
    }

    private sealed class HteLine : IGpioLineEventSource
    {
        public string Name => "hte line";
        public GpioEventClock Clock => GpioEventClock.Hte;
        public long LostEvents => 0;
        public int ReadEvents(Span<GpioLineEvent> destination, TimeSpan timeout) => 0;
        public void Dispose()
        {
        }
    }
}
