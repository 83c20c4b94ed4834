using GyroEdge.Domain.Camera;
using GyroEdge.Hardware.Exposure;
using GyroEdge.Hardware.Gpio;

namespace GyroEdge.Hardware.Tests.Exposure;

public sealed class StrobeDecoder_Tests
{
    private static GpioLineEvent Edge(long t, GpioEdge edge, uint lineSeqno, uint offset = 5) => new(t, edge, offset, lineSeqno, lineSeqno);

    private static List<ExposureWindow> Decode(StrobeDecoder decoder, params GpioLineEvent[] edges)
    {
        var windows = new List<ExposureWindow>();
        foreach (var edge in edges)
        {
            if (decoder.TryAdd(edge, out var window))
                windows.Add(window);
        }
        return windows;
    }

    [Fact]
    public void A_Start_And_An_End_Edge_Make_A_Window_With_The_Readout_And_Offset_Applied()
    {
        var decoder = new StrobeDecoder(new ExposureStrobeOptions { ReadoutNs = 12_000, TimestampOffsetNs = -500 });

        var windows = Decode(decoder,
            Edge(1_000_000, GpioEdge.Rising, 1), Edge(1_020_000, GpioEdge.Falling, 2),
            Edge(2_000_000, GpioEdge.Rising, 3), Edge(2_020_000, GpioEdge.Falling, 4));

        Assert.Equal([new ExposureWindow(0, 999_500, 1_019_500, 12_000), new ExposureWindow(1, 1_999_500, 2_019_500, 12_000)], windows);
        Assert.Equal(2, decoder.Windows);
    }

    [Fact]
    public void An_Active_Low_Strobe_Opens_On_The_Falling_Edge()
    {
        var decoder = new StrobeDecoder(new ExposureStrobeOptions { StartEdge = GpioEdge.Falling });

        var windows = Decode(decoder, Edge(100, GpioEdge.Falling, 1), Edge(300, GpioEdge.Rising, 2));

        Assert.Equal([new ExposureWindow(0, 100, 300)], windows);
    }

    [Fact]
    public void The_Start_Edge_Plus_The_Exposure_Time_Makes_A_Window()
    {
        var decoder = new StrobeDecoder(new ExposureStrobeOptions { Mode = StrobeMode.StartEdgePlusExposureTime, ExposureTimeNs = 8_000, EdgesPerExposure = 1 });

        var windows = Decode(decoder, Edge(100_000, GpioEdge.Rising, 1), Edge(200_000, GpioEdge.Rising, 2));

        Assert.Equal([new ExposureWindow(0, 100_000, 108_000), new ExposureWindow(1, 200_000, 208_000)], windows);
    }

    [Fact]
    public void The_End_Edge_Minus_The_Exposure_Time_Makes_A_Window_And_Start_Edges_Are_Ignored()
    {
        var decoder = new StrobeDecoder(new ExposureStrobeOptions { Mode = StrobeMode.EndEdgeMinusExposureTime, ExposureTimeNs = 8_000 });

        var windows = Decode(decoder, Edge(100_000, GpioEdge.Rising, 1), Edge(109_000, GpioEdge.Falling, 2));

        Assert.Equal([new ExposureWindow(0, 101_000, 109_000)], windows);
    }

    [Fact]
    public void A_Lost_End_Edge_Never_Pairs_One_Exposures_Start_With_Anothers_End()
    {
        var decoder = new StrobeDecoder(new ExposureStrobeOptions());

        // Exposure 1's end (seqno 4) and exposure 2's start (seqno 5) were dropped by the kernel.
        var windows = Decode(decoder,
            Edge(1_000, GpioEdge.Rising, 1), Edge(1_200, GpioEdge.Falling, 2),
            Edge(2_000, GpioEdge.Rising, 3),
            Edge(3_200, GpioEdge.Falling, 6),
            Edge(4_000, GpioEdge.Rising, 7), Edge(4_200, GpioEdge.Falling, 8));

        Assert.Equal([new ExposureWindow(0, 1_000, 1_200), new ExposureWindow(3, 4_000, 4_200)], windows);
        Assert.Equal(2, decoder.LostEdges);
        // Exposure 1 (start only) and exposure 2 (end only).
        Assert.Equal(2, decoder.IncompleteExposures);
    }

    [Fact]
    public void Starting_In_The_Middle_Of_An_Exposure_Drops_Its_Lone_End()
    {
        var decoder = new StrobeDecoder(new ExposureStrobeOptions());

        var windows = Decode(decoder, Edge(50, GpioEdge.Falling, 1), Edge(1_000, GpioEdge.Rising, 2), Edge(1_200, GpioEdge.Falling, 3));

        Assert.Equal([new ExposureWindow(0, 1_000, 1_200)], windows);
        Assert.Equal(1, decoder.IncompleteExposures);
    }

    [Fact]
    public void An_Exposure_Longer_Than_The_Limit_Is_Taken_As_A_Lost_End()
    {
        var decoder = new StrobeDecoder(new ExposureStrobeOptions { MaxExposureNs = 1_000 });

        var windows = Decode(decoder, Edge(0, GpioEdge.Rising, 1), Edge(5_000, GpioEdge.Falling, 2));

        Assert.Empty(windows);
        Assert.Equal(1, decoder.IncompleteExposures);
    }

    [Fact]
    public void Edges_Of_Other_Lines_In_The_Request_Are_Ignored()
    {
        var decoder = new StrobeDecoder(new ExposureStrobeOptions { LineOffset = 5 });

        var windows = Decode(decoder, Edge(0, GpioEdge.Rising, 1), Edge(10, GpioEdge.Rising, 1, offset: 6), Edge(20, GpioEdge.Falling, 2));

        Assert.Equal([new ExposureWindow(0, 0, 20)], windows);
    }

    [Fact]
    public void A_Single_Edge_Mode_Without_An_Exposure_Time_Is_Refused_With_What_It_Needs()
    {
        var error = Assert.Throws<ArgumentException>(() => new StrobeDecoder(new ExposureStrobeOptions { Mode = StrobeMode.StartEdgePlusExposureTime }));

        Assert.Contains("ExposureStrobeOptions.ExposureTimeNs is not set; it must be the sensor's exposure time in ns", error.Message, StringComparison.Ordinal);
    }
}
