using GyroEdge.Domain.Camera;

namespace GyroEdge.Domain.Tests.Camera;

public sealed class ExposureWindow_Tests
{
    [Fact]
    public void The_Middle_Row_Starts_Half_The_Readout_Later_Rounded_Down_To_A_Nanosecond()
    {
        var window = new ExposureWindow(7, 1_000, 31_000, readoutNs: 20_001);

        var middle = window.MiddleRow();

        Assert.Equal((7L, 11_000L, 41_000L, 0L), (middle.FrameId, middle.StartNs, middle.EndNs, middle.ReadoutNs));
    }

    [Fact]
    public void Without_Readout_The_Middle_Row_Is_The_Window_Itself()
    {
        var window = new ExposureWindow(1, 5_000, 9_000);

        Assert.Equal(window, window.MiddleRow());
    }

    [Fact]
    public void The_Last_Row_Is_Delayed_By_The_Whole_Readout()
    {
        var window = new ExposureWindow(1, 0, 10_000, readoutNs: 30_000);

        Assert.Equal(0, window.ForRow(0, 1080).StartNs);
        Assert.Equal(30_000, window.ForRow(1079, 1080).StartNs);
        Assert.Equal(40_000, window.ForRow(1079, 1080).EndNs);
        Assert.Equal(15_014, window.ForRow(540, 1080).StartNs);
    }

    [Fact]
    public void An_Exposure_That_Ends_Before_It_Starts_Is_Refused_Naming_The_Polarity()
    {
        var error = Assert.Throws<ArgumentException>(() => new ExposureWindow(3, 2_000_000_000, 1_000_000_000));

        Assert.Contains("Frame 3: an exposure cannot end (1.000000000 s) before it starts (2.000000000 s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("strobe polarity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Negative_Readout_Is_Refused()
    {
        Assert.Throws<ArgumentException>(() => new ExposureWindow(3, 0, 10, readoutNs: -1));
    }
}
