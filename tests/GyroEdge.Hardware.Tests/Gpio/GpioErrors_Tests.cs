using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.Linux.Gpio;
using GyroEdge.Native;

namespace GyroEdge.Hardware.Tests.Gpio;

/// <summary>The errno-to-message map for failures that need a board to provoke.</summary>
public sealed class GpioErrors_Tests
{
    [Fact]
    public void A_Busy_Line_Names_Its_Consumer()
    {
        var error = GpioErrors.LineBusy("/dev/gpiochip0", "gpiochip0", 5, "spi0 CS");

        Assert.Equal(Errno.EBUSY, error.Errno);
        Assert.Contains("line 5 of gpiochip0 is in use by \"spi0 CS\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("gpioinfo gpiochip0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Hte_Request_Refused_With_EOPNOTSUPP_Says_How_To_Enable_The_Engine()
    {
        var request = new GpioEdgeRequest { Offsets = [5], Clock = GpioEventClock.Hte };

        var error = GpioErrors.Request(Errno.EOPNOTSUPP, "/dev/gpiochip1", "gpiochip1", request, 32);

        Assert.Equal(Errno.EOPNOTSUPP, error.Errno);
        Assert.StartsWith("GPIO_V2_GET_LINE_IOCTL (lines 5) on /dev/gpiochip1 failed:", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTE not available: check CONFIG_HTE and the device tree", error.Message, StringComparison.Ordinal);
        Assert.Contains("hardware-timestamp@c1e0000/status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EOPNOTSUPP_Without_Hte_Points_At_The_Bias_Not_At_Hte()
    {
        var request = new GpioEdgeRequest { Offsets = [5], Bias = GpioBias.PullUp };

        var error = GpioErrors.Request(Errno.EOPNOTSUPP, "/dev/gpiochip0", "gpiochip0", request, 32);

        Assert.Contains("Bias = AsIs", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("HTE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EINVAL_Names_The_Kernel_Versions_The_Clock_Flags_Need()
    {
        var request = new GpioEdgeRequest { Offsets = [5], Clock = GpioEventClock.Realtime };

        var error = GpioErrors.Request(Errno.EINVAL, "/dev/gpiochip0", "gpiochip0", request, 32);

        Assert.Contains("Realtime clock needs Linux 5.11+", error.Message, StringComparison.Ordinal);
        Assert.Contains("offsets below gpiochip0's 32 lines", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Permission_Denied_Says_Which_Group_To_Join()
    {
        var error = GpioErrors.Open(Errno.EACCES, "/dev/gpiochip0");

        Assert.Contains("add the user to the gpio group", error.Message, StringComparison.Ordinal);
    }
}
