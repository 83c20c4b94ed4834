using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.Linux.Gpio;
using GyroEdge.Hardware.Linux.Interop;
using GyroEdge.Native;

namespace GyroEdge.Hardware.Tests.Gpio;

public sealed class GpioChip_Tests
{
    [Fact]
    public void Open_Of_A_Missing_Chip_Names_The_Path_And_How_To_Find_The_Chips()
    {
        var error = Assert.Throws<DeviceIoException>(() => GpioChip.Open(9));

        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.Equal("/dev/gpiochip9", error.DevicePath);
        Assert.Contains("/dev/gpiochip9 does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("gpiodetect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_Of_A_Character_Device_That_Is_Not_A_Gpio_Chip_Says_So()
    {
        var error = Assert.Throws<DeviceIoException>(() => GpioChip.Open("/dev/null"));

        Assert.Equal(Errno.ENOTTY, error.Errno);
        Assert.StartsWith("GPIO_GET_CHIPINFO_IOCTL on /dev/null failed:", error.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/null is not a GPIO character device", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public unsafe void Encodes_Input_Edges_Clock_Bias_And_Debounce_For_Every_Requested_Line()
    {
        var request = new GpioEdgeRequest
        {
            Offsets = [5, 6, 9],
            Edges = GpioEdgeDetection.Rising,
            Clock = GpioEventClock.Hte,
            Bias = GpioBias.PullDown,
            ActiveLow = true,
            Debounce = TimeSpan.FromMicroseconds(250),
            Consumer = "strobe",
            EventBufferSize = 256,
        };

        var encoded = GpioChip.Encode(request);

        Assert.Equal(3u, encoded.num_lines);
        Assert.Equal([5u, 6, 9, 0], new ReadOnlySpan<uint>(encoded.offsets, 4).ToArray());
        Assert.Equal("strobe\0"u8.ToArray(), new ReadOnlySpan<byte>(encoded.consumer, 7).ToArray());
        Assert.Equal(
            GpioAbi.GPIO_V2_LINE_FLAG_INPUT | GpioAbi.GPIO_V2_LINE_FLAG_EDGE_RISING | GpioAbi.GPIO_V2_LINE_FLAG_EVENT_CLOCK_HTE
            | GpioAbi.GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN | GpioAbi.GPIO_V2_LINE_FLAG_ACTIVE_LOW,
            encoded.config.flags);
        Assert.Equal(1u, encoded.config.num_attrs);
        Assert.Equal(GpioAbi.GPIO_V2_LINE_ATTR_ID_DEBOUNCE, encoded.config.attrs[0].attr.id);
        Assert.Equal(250u, encoded.config.attrs[0].attr.u.debounce_period_us);
        Assert.Equal(0b111UL, encoded.config.attrs[0].mask);
        Assert.Equal(256u, encoded.event_buffer_size);
    }

    [Fact]
    public void Encodes_Both_Edges_On_The_Monotonic_Clock_By_Default()
    {
        var encoded = GpioChip.Encode(new GpioEdgeRequest { Offsets = [3] });

        Assert.Equal(
            GpioAbi.GPIO_V2_LINE_FLAG_INPUT | GpioAbi.GPIO_V2_LINE_FLAG_EDGE_RISING | GpioAbi.GPIO_V2_LINE_FLAG_EDGE_FALLING,
            encoded.config.flags);
        Assert.Equal(0u, encoded.config.num_attrs);
        Assert.Equal(0u, encoded.event_buffer_size);
    }

    [Fact]
    public void Rejects_An_Offset_Beyond_The_Chip_Naming_The_Property_And_The_Range()
    {
        var request = new GpioEdgeRequest { Offsets = [5, 40] };

        var error = Assert.Throws<ArgumentException>(() => GpioChip.Validate(request, 32, "gpiochip1", "/dev/gpiochip1"));

        Assert.Contains("GpioEdgeRequest.Offsets[1] is 40, but gpiochip1 (/dev/gpiochip1) has lines 0 to 31", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new uint[0], "holds 0 lines")]
    [InlineData(new uint[] { 4, 4 }, "lists line 4 twice")]
    public void Rejects_Empty_Or_Repeated_Offsets(uint[] offsets, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => GpioChip.Validate(new GpioEdgeRequest { Offsets = offsets }, 32, "gpiochip0", "/dev/gpiochip0"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_A_Consumer_Label_Longer_Than_The_Kernel_Field()
    {
        var request = new GpioEdgeRequest { Offsets = [1], Consumer = new string('x', 32) };

        var error = Assert.Throws<ArgumentException>(() => GpioChip.Validate(request, 32, "gpiochip0", "/dev/gpiochip0"));

        Assert.Contains("GpioEdgeRequest.Consumer must be at most 31 bytes", error.Message, StringComparison.Ordinal);
    }
}
