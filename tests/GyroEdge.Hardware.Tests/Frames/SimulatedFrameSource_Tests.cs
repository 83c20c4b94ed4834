using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Frames;

namespace GyroEdge.Hardware.Tests.Frames;

public sealed class SimulatedFrameSource_Tests
{
    private const long T0 = 2_000_000_000;

    private static SimulatedCameraOptions Options(FramePixelFormat format = FramePixelFormat.Rgb24) => new()
    {
        Width = 40,
        Height = 24,
        PixelFormat = format,
        FrameRateHz = 25,
        ExposureNs = 10_000_000,
        FirstExposureStartNs = T0,
        PatternPixelsPerFrame = 3,
    };

    [Fact]
    public void A_Frame_Exists_Only_Once_The_Clock_Passes_Its_Exposure_End()
    {
        var clock = new ManualMonotonicClock(T0);
        using var source = new SimulatedFrameSource(Options(), clock);

        Assert.False(source.TryReadFrame(TimeSpan.FromSeconds(1), out _));
        clock.Set(T0 + 10_000_000);
        Assert.True(source.TryReadFrame(TimeSpan.Zero, out var first));
        Assert.False(source.TryReadFrame(TimeSpan.Zero, out _));
        clock.Set(T0 + 50_000_000);
        Assert.True(source.TryReadFrame(TimeSpan.Zero, out var second));

        Assert.Equal((0L, T0), (first.Sequence, first.TimestampNs));
        Assert.Equal((1L, T0 + 40_000_000), (second.Sequence, second.TimestampNs));
        Assert.Equal(new ExposureWindow(1, T0 + 40_000_000, T0 + 50_000_000), second.Exposure);
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public void The_Pattern_Slides_Right_By_The_Configured_Pixels_Per_Frame()
    {
        var clock = new ManualMonotonicClock(T0 + 1_000_000_000);
        using var source = new SimulatedFrameSource(Options(), clock);
        source.TryReadFrame(TimeSpan.Zero, out var first);
        source.TryReadFrame(TimeSpan.Zero, out var second);

        for (var y = 0; y < 24; y++)
        {
            for (var x = 3; x < 40; x++)
            {
                Assert.Equal(first!.Data[(y * 120) + ((x - 3) * 3)], second!.Data[(y * 120) + (x * 3)]);
                Assert.Equal(source.ExpectedPixel(1, x, y, 2), second.Data[(y * 120) + (x * 3) + 2]);
            }
        }
        Assert.NotEqual(first!.Data.ToArray(), second!.Data.ToArray());
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public void Bgr_Frames_Hold_The_Channels_In_Reverse()
    {
        var clock = new ManualMonotonicClock(T0 + 1_000_000_000);
        using var rgb = new SimulatedFrameSource(Options(), clock);
        using var bgr = new SimulatedFrameSource(Options(FramePixelFormat.Bgr24), clock);
        rgb.TryReadFrame(TimeSpan.Zero, out var a);
        bgr.TryReadFrame(TimeSpan.Zero, out var b);

        Assert.Equal(a!.Data[0], b!.Data[2]);
        Assert.Equal(a.Data[2], b.Data[0]);
        Assert.NotEqual(a.Data[0], a.Data[2]);
        a.Dispose();
        b.Dispose();
    }

    [Fact]
    public void End_Of_Frame_Stamps_Are_The_Exposure_End()
    {
        var options = Options();
        options.TimestampSource = FrameTimestampSource.EndOfFrame;
        using var source = new SimulatedFrameSource(options, new ManualMonotonicClock(T0 + 1_000_000_000));

        source.TryReadFrame(TimeSpan.Zero, out var frame);

        Assert.Equal(T0 + 10_000_000, frame!.TimestampNs);
        frame.Dispose();
    }

    [Fact]
    public void A_Finite_Simulation_Finishes()
    {
        var options = Options(FramePixelFormat.Grey);
        options.FrameCount = 2;
        using var source = new SimulatedFrameSource(options, new ManualMonotonicClock(T0 + 1_000_000_000));

        var frames = 0;
        while (source.TryReadFrame(TimeSpan.Zero, out var frame))
        {
            frames++;
            frame.Dispose();
        }

        Assert.Equal(2, frames);
        Assert.True(source.IsFinished);
    }

    [Fact]
    public void Reading_Frames_Allocates_Nothing()
    {
        var clock = new ManualMonotonicClock(T0);
        using var source = new SimulatedFrameSource(Options(), clock);
        clock.Set(T0 + 1_000_000_000);
        source.TryReadFrame(TimeSpan.Zero, out var warm);
        warm!.Dispose();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            Assert.True(source.TryReadFrame(TimeSpan.Zero, out var frame));
            frame.Dispose();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_Format_The_Simulation_Cannot_Draw_Is_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SimulatedFrameSource(Options(FramePixelFormat.Mjpeg), new ManualMonotonicClock()));

        Assert.Contains("PixelFormat is Mjpeg; it must be Rgb24, Bgr24 or Grey", error.Message, StringComparison.Ordinal);
    }
}
