using GyroEdge.Hardware.Linux.V4l2;
using GyroEdge.Native;

namespace GyroEdge.Hardware.Tests.V4l2;

/// <summary>What can be checked of the capture binding without a camera: how it fails to start.</summary>
public sealed class V4l2Capture_Tests
{
    [Fact]
    public void Open_Of_A_Missing_Node_Names_The_Path_And_How_To_List_Cameras()
    {
        var error = Assert.Throws<DeviceIoException>(() => V4l2Capture.Open("/dev/video9"));

        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.StartsWith("open on /dev/video9 failed:", error.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/video9 does not exist: is the camera connected", error.Message, StringComparison.Ordinal);
        Assert.Contains("v4l2-ctl --list-devices", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_Of_A_Character_Device_That_Is_Not_V4l2_Reports_ENOTTY_As_Not_A_V4l2_Device()
    {
        var error = Assert.Throws<DeviceIoException>(() => V4l2Capture.Open("/dev/null"));

        Assert.Equal(Errno.ENOTTY, error.Errno);
        Assert.Equal("VIDIOC_QUERYCAP", error.Operation);
        Assert.Contains("/dev/null is not a V4L2 device", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Multi_Planar_Node_Is_Refused_With_What_Is_Not_Implemented()
    {
        const uint multiPlanar = 0x1000;
        const uint streaming = 0x0400_0000;

        var error = V4l2Errors.NotCapture("/dev/video0", "vi-output, imx477", multiPlanar | streaming, multiPlanar, streaming);

        Assert.Contains("multi-planar API (V4L2_CAP_VIDEO_CAPTURE_MPLANE), which GyroEdge's capture does not implement", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Busy_Node_Says_How_To_Find_The_Other_User()
    {
        var error = V4l2Errors.Ioctl(Errno.EBUSY, "/dev/video0", "VIDIOC_S_FMT");

        Assert.Contains("fuser /dev/video0", error.Message, StringComparison.Ordinal);
    }
}
