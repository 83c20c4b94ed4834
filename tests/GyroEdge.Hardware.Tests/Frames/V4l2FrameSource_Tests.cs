using GyroEdge.Hardware.Frames;
using GyroEdge.Native;

namespace GyroEdge.Hardware.Tests.Frames;

/// <summary>No camera here: what can be checked is that opening fails the way the capture binding says.</summary>
public sealed class V4l2FrameSource_Tests
{
    [Fact]
    public void Opening_A_Missing_Camera_Says_How_To_List_Cameras()
    {
        var error = Assert.Throws<DeviceIoException>(() => V4l2FrameSource.Open("/dev/video9", 640, 480, FramePixelFormat.Yuyv));

        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.Contains("v4l2-ctl --list-devices", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_A_Device_That_Is_Not_A_Camera_Is_Refused_As_Not_V4l2()
    {
        var error = Assert.Throws<DeviceIoException>(() => V4l2FrameSource.Open("/dev/null", 640, 480, FramePixelFormat.Grey));

        Assert.Equal(Errno.ENOTTY, error.Errno);
    }
}
