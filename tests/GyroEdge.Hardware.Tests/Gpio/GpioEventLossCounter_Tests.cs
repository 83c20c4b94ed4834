using GyroEdge.Hardware.Gpio;

namespace GyroEdge.Hardware.Tests.Gpio;

public sealed class GpioEventLossCounter_Tests
{
    [Fact]
    public void Does_Not_Count_A_Seqno_Wrap_As_Loss_But_Counts_Gaps_After_It()
    {
        var counter = new GpioEventLossCounter([5]);
        uint[] seqnos = [0xFFFF_FFFE, 0xFFFF_FFFF, 0, 1, 3];
        foreach (var seqno in seqnos)
            counter.Observe(new GpioLineEvent(0, GpioEdge.Rising, 5, seqno, seqno));

        // Starting at 0xFFFFFFFE looks like a step backwards from the expected 1: a restart, not 4 billion losses.
        Assert.Equal(1, counter.Lost);
        Assert.Equal(1, counter.LostOn(5));
    }

    [Fact]
    public void Reports_No_Losses_For_A_Line_Outside_The_Request()
    {
        var counter = new GpioEventLossCounter([5]);
        counter.Observe(new GpioLineEvent(0, GpioEdge.Rising, 9, 3, 3));

        Assert.Equal(2, counter.Lost);
        Assert.Equal(0, counter.LostOn(9));
    }
}
