using GyroEdge.Native;

namespace GyroEdge.Hardware.Tests;

public sealed class DeviceIoException_Tests
{
    [Fact]
    public void Names_The_Operation_The_Device_And_The_Errno_Then_The_Advice()
    {
        var error = new DeviceIoException("/dev/gpiochip0", "GPIO_V2_GET_LINE_IOCTL (line 5)", Errno.EBUSY, "Stop the other user.");

        Assert.Equal(
            $"GPIO_V2_GET_LINE_IOCTL (line 5) on /dev/gpiochip0 failed: {Errno.Describe(Errno.EBUSY)}. Stop the other user.",
            error.Message);
        Assert.Contains("(EBUSY, 16)", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(error);
    }

    [Fact]
    public void Leaves_Out_The_Errno_When_There_Was_None()
    {
        var error = new DeviceIoException("/dev/video0", "VIDIOC_REQBUFS", 0, "the driver granted 1 of 4 buffers.");

        Assert.Equal("VIDIOC_REQBUFS on /dev/video0 failed: the driver granted 1 of 4 buffers.", error.Message);
    }
}
