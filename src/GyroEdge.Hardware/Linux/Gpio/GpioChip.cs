using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.Linux.Interop;
using GyroEdge.Native;

namespace GyroEdge.Hardware.Linux.Gpio;

/// <summary>
/// A GPIO chip through the character device (/dev/gpiochipN, uAPI v2, Linux 5.10+): describe it
/// and its lines, and request input lines with edge detection. The lines stay requested as long
/// as the returned <see cref="GpioLineRequest"/> lives, even after the chip is disposed.
/// </summary>
public sealed class GpioChip : IDisposable
{
    private const int MaxConsumerBytes = GpioAbi.GPIO_MAX_NAME_SIZE - 1;

    private readonly SafeFileDescriptor _fd;

    private GpioChip(SafeFileDescriptor fd, string devicePath, string name, string label, uint lineCount)
    {
        _fd = fd;
        DevicePath = devicePath;
        Name = name;
        Label = label;
        LineCount = lineCount;
    }

    /// <summary>The device node, e.g. "/dev/gpiochip0".</summary>
    public string DevicePath { get; }

    /// <summary>The kernel's name for the chip, e.g. "gpiochip0".</summary>
    public string Name { get; }

    /// <summary>The driver's label, e.g. "tegra234-gpio-aon"; may be empty.</summary>
    public string Label { get; }

    public uint LineCount { get; }

    /// <summary>Opens /dev/gpiochip<paramref name="chipNumber"/>.</summary>
    public static GpioChip Open(int chipNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chipNumber);
        return Open("/dev/gpiochip" + chipNumber.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Opens a GPIO character device and reads its chip info (GPIO_GET_CHIPINFO_IOCTL).</summary>
    public static unsafe GpioChip Open(string devicePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(devicePath);
        KernelAbi.EnsureSupported(devicePath);

        var fd = SafeFileDescriptor.OpenDevice(devicePath, LibC.O_RDWR | LibC.O_CLOEXEC, GpioErrors.Open);

        gpiochip_info info = default;
        if (LibC.ioctl(fd, GpioAbi.GPIO_GET_CHIPINFO_IOCTL, &info) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            fd.Dispose();
            throw GpioErrors.ChipInfo(errno, devicePath);
        }
        return new GpioChip(fd, devicePath, KernelMarshal.CString(info.name, GpioAbi.GPIO_MAX_NAME_SIZE), KernelMarshal.CString(info.label, GpioAbi.GPIO_MAX_NAME_SIZE), info.lines);
    }

    /// <summary>Describes line <paramref name="offset"/> (GPIO_V2_GET_LINEINFO_IOCTL): its name, consumer and flags.</summary>
    public unsafe GpioLineInfo GetLineInfo(uint offset)
    {
        if (offset >= LineCount)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset,
                $"{Name} ({DevicePath}) has lines 0 to {LineCount - 1}; list them with `gpioinfo {Name}`.");
        }

        gpio_v2_line_info info = default;
        info.offset = offset;
        if (LibC.ioctl(_fd, GpioAbi.GPIO_V2_GET_LINEINFO_IOCTL, &info) < 0)
            throw GpioErrors.LineInfo(Marshal.GetLastPInvokeError(), DevicePath, Name, offset);

        uint debounce = 0;
        for (var i = 0; i < Math.Min(info.num_attrs, GpioAbi.GPIO_V2_LINE_NUM_ATTRS_MAX); i++)
        {
            if (info.attrs[i].id == GpioAbi.GPIO_V2_LINE_ATTR_ID_DEBOUNCE)
                debounce = info.attrs[i].u.debounce_period_us;
        }
        return new GpioLineInfo(info.offset, KernelMarshal.CString(info.name, GpioAbi.GPIO_MAX_NAME_SIZE),
            KernelMarshal.CString(info.consumer, GpioAbi.GPIO_MAX_NAME_SIZE), (GpioLineAttributes)info.flags, debounce);
    }

    /// <summary>
    /// Requests <see cref="GpioEdgeRequest.Offsets"/> as inputs with edge detection
    /// (GPIO_V2_GET_LINE_IOCTL) and returns the reader of their events.
    /// </summary>
    public unsafe GpioLineRequest RequestEdgeEvents(GpioEdgeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request, LineCount, Name, DevicePath);

        var kernelRequest = Encode(request);
        if (LibC.ioctl(_fd, GpioAbi.GPIO_V2_GET_LINE_IOCTL, &kernelRequest) < 0)
            throw RequestFailed(Marshal.GetLastPInvokeError(), request);

        var lines = request.Offsets.Count == 1 ? $"line {request.Offsets[0]}" : $"lines {string.Join(",", request.Offsets)}";
        return new GpioLineRequest(new SafeFileDescriptor(kernelRequest.fd), $"{DevicePath} {lines}",
            request.Offsets.ToArray(), request.Clock, request.ReadBatchSize);
    }

    public void Dispose() => _fd.Dispose();

    private DeviceIoException RequestFailed(int errno, GpioEdgeRequest request)
    {
        if (errno == Errno.EBUSY)
        {
            // Name the holder: that is what the user has to go and stop.
            foreach (var offset in request.Offsets)
            {
                GpioLineInfo info;
                try
                {
                    info = GetLineInfo(offset);
                }
                catch (DeviceIoException)
                {
                    continue;
                }
                if (info.IsUsed)
                    return GpioErrors.LineBusy(DevicePath, Name, offset, info.Consumer);
            }
        }
        return GpioErrors.Request(errno, DevicePath, Name, request, LineCount);
    }

    /// <summary>Checks a request against a chip of <paramref name="lineCount"/> lines, naming the offending property.</summary>
    internal static void Validate(GpioEdgeRequest request, uint lineCount, string chipName, string devicePath)
    {
        var offsets = request.Offsets
            ?? throw new ArgumentException($"{nameof(GpioEdgeRequest)}.{nameof(GpioEdgeRequest.Offsets)} is required.", nameof(request));
        if (offsets.Count is 0 or > GpioAbi.GPIO_V2_LINES_MAX)
        {
            throw new ArgumentException(
                $"{nameof(GpioEdgeRequest)}.{nameof(GpioEdgeRequest.Offsets)} holds {offsets.Count} lines; a request takes 1 to {GpioAbi.GPIO_V2_LINES_MAX}.", nameof(request));
        }
        for (var i = 0; i < offsets.Count; i++)
        {
            if (offsets[i] >= lineCount)
            {
                throw new ArgumentException(
                    $"{nameof(GpioEdgeRequest)}.{nameof(GpioEdgeRequest.Offsets)}[{i}] is {offsets[i]}, but {chipName} ({devicePath}) has lines 0 to {lineCount - 1}; list them with `gpioinfo {chipName}`.",
                    nameof(request));
            }
            for (var j = 0; j < i; j++)
            {
                if (offsets[j] == offsets[i])
                    throw new ArgumentException($"{nameof(GpioEdgeRequest)}.{nameof(GpioEdgeRequest.Offsets)} lists line {offsets[i]} twice.", nameof(request));
            }
        }
        if (request.Consumer is null || Encoding.UTF8.GetByteCount(request.Consumer) > MaxConsumerBytes)
        {
            throw new ArgumentException(
                $"{nameof(GpioEdgeRequest)}.{nameof(GpioEdgeRequest.Consumer)} must be at most {MaxConsumerBytes} bytes of UTF-8 (the kernel's label field is {GpioAbi.GPIO_MAX_NAME_SIZE} bytes with its NUL).",
                nameof(request));
        }
        if (request.Debounce < TimeSpan.Zero || request.Debounce.TotalMicroseconds > uint.MaxValue)
        {
            throw new ArgumentException(
                $"{nameof(GpioEdgeRequest)}.{nameof(GpioEdgeRequest.Debounce)} is {request.Debounce}; expected zero (none) or a positive period up to {uint.MaxValue} µs.",
                nameof(request));
        }
        if (request.ReadBatchSize < 1)
        {
            throw new ArgumentException(
                $"{nameof(GpioEdgeRequest)}.{nameof(GpioEdgeRequest.ReadBatchSize)} is {request.ReadBatchSize}; it must be at least 1.", nameof(request));
        }
    }

    /// <summary>The struct the kernel reads: input lines, edge and clock flags, bias, and debounce as an attribute for every line.</summary>
    internal static unsafe gpio_v2_line_request Encode(GpioEdgeRequest request)
    {
        gpio_v2_line_request kernelRequest = default;
        var lineCount = request.Offsets.Count;
        for (var i = 0; i < lineCount; i++)
            kernelRequest.offsets[i] = request.Offsets[i];
        Encoding.UTF8.GetBytes(request.Consumer, new Span<byte>(kernelRequest.consumer, MaxConsumerBytes));

        kernelRequest.config.flags = ConfigFlags(request);
        if (request.Debounce > TimeSpan.Zero)
        {
            // Mask bit i selects Offsets[i]: the attribute applies to every requested line.
            ref var debounce = ref kernelRequest.config.attrs[0];
            debounce.attr.id = GpioAbi.GPIO_V2_LINE_ATTR_ID_DEBOUNCE;
            debounce.attr.u.debounce_period_us = (uint)Math.Ceiling(request.Debounce.TotalMicroseconds);
            debounce.mask = lineCount == GpioAbi.GPIO_V2_LINES_MAX ? ulong.MaxValue : (1UL << lineCount) - 1;
            kernelRequest.config.num_attrs = 1;
        }
        kernelRequest.num_lines = (uint)lineCount;
        kernelRequest.event_buffer_size = request.EventBufferSize;
        return kernelRequest;
    }

    private static ulong ConfigFlags(GpioEdgeRequest request)
    {
        // Edge detection requires INPUT (gpio-v2-get-line-ioctl.rst).
        var flags = GpioAbi.GPIO_V2_LINE_FLAG_INPUT | request.Edges switch
        {
            GpioEdgeDetection.Rising => GpioAbi.GPIO_V2_LINE_FLAG_EDGE_RISING,
            GpioEdgeDetection.Falling => GpioAbi.GPIO_V2_LINE_FLAG_EDGE_FALLING,
            _ => GpioAbi.GPIO_V2_LINE_FLAG_EDGE_RISING | GpioAbi.GPIO_V2_LINE_FLAG_EDGE_FALLING,
        };
        // At most one clock flag; none means CLOCK_MONOTONIC.
        flags |= request.Clock switch
        {
            GpioEventClock.Realtime => GpioAbi.GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME,
            GpioEventClock.Hte => GpioAbi.GPIO_V2_LINE_FLAG_EVENT_CLOCK_HTE,
            _ => 0,
        };
        flags |= request.Bias switch
        {
            GpioBias.PullUp => GpioAbi.GPIO_V2_LINE_FLAG_BIAS_PULL_UP,
            GpioBias.PullDown => GpioAbi.GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN,
            GpioBias.Disabled => GpioAbi.GPIO_V2_LINE_FLAG_BIAS_DISABLED,
            _ => 0,
        };
        if (request.ActiveLow)
            flags |= GpioAbi.GPIO_V2_LINE_FLAG_ACTIVE_LOW;
        return flags;
    }
}
