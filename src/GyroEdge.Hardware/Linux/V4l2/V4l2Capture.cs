using System.Runtime.InteropServices;
using GyroEdge.Hardware.Linux.Interop;
using GyroEdge.Native;

namespace GyroEdge.Hardware.Linux.V4l2;

/// <summary>
/// Single-planar memory-mapped capture from a V4L2 node (Documentation/userspace-api/media/v4l/mmap.rst):
/// set the format, request N buffers, map and queue them, stream, then dequeue a frame
/// (pixels, timestamp, sequence), use it in place, and requeue it. Dequeue allocates nothing.
/// One thread drives a capture.
/// </summary>
public sealed class V4l2Capture : IDisposable
{
    private const int MinimumBuffers = 2;

    private readonly SafeFileDescriptor _fd;
    private SafeMemoryMapping[] _buffers = [];
    private bool _streaming;

    private V4l2Capture(SafeFileDescriptor fd, string devicePath, string driver, string card, string busInfo, uint capabilities)
    {
        _fd = fd;
        DevicePath = devicePath;
        Driver = driver;
        Card = card;
        BusInfo = busInfo;
        Capabilities = capabilities;
    }

    public string DevicePath { get; }

    /// <summary>The driver module, e.g. "uvcvideo", "tegra-video".</summary>
    public string Driver { get; }

    /// <summary>The device's name, e.g. "vi-output, imx477 9-001a".</summary>
    public string Card { get; }

    public string BusInfo { get; }

    /// <summary>This node's V4L2_CAP_* bits (device_caps).</summary>
    public uint Capabilities { get; }

    /// <summary>Buffers mapped while streaming.</summary>
    public int BufferCount => _buffers.Length;

    /// <summary>
    /// Opens a capture node (non-blocking: <see cref="TryDequeue"/> waits with poll and a
    /// timeout instead) and checks it is a single-planar streaming capture device.
    /// </summary>
    public static unsafe V4l2Capture Open(string devicePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(devicePath);
        KernelAbi.EnsureSupported(devicePath);

        var fd = SafeFileDescriptor.OpenDevice(devicePath, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC, V4l2Errors.Open);

        try
        {
            v4l2_capability cap = default;
            Ioctl(fd, devicePath, V4l2Abi.VIDIOC_QUERYCAP, &cap, "VIDIOC_QUERYCAP");
            // device_caps describes this node; capabilities the whole device (videodev2.h).
            var caps = (cap.capabilities & V4l2Abi.V4L2_CAP_DEVICE_CAPS) != 0 ? cap.device_caps : cap.capabilities;
            var card = KernelMarshal.CString(cap.card, 32);
            const uint needed = V4l2Abi.V4L2_CAP_VIDEO_CAPTURE | V4l2Abi.V4L2_CAP_STREAMING;
            if ((caps & needed) != needed)
                throw V4l2Errors.NotCapture(devicePath, card, caps, V4l2Abi.V4L2_CAP_VIDEO_CAPTURE_MPLANE, V4l2Abi.V4L2_CAP_STREAMING);
            return new V4l2Capture(fd, devicePath, KernelMarshal.CString(cap.driver, 16), card, KernelMarshal.CString(cap.bus_info, 32), caps);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>The formats the node offers (VIDIOC_ENUM_FMT until EINVAL).</summary>
    public unsafe IReadOnlyList<V4l2FormatDescription> EnumerateFormats()
    {
        var formats = new List<V4l2FormatDescription>();
        for (uint index = 0; ; index++)
        {
            v4l2_fmtdesc description = default;
            description.index = index;
            description.type = V4l2Abi.V4L2_BUF_TYPE_VIDEO_CAPTURE;
            if (LibC.ioctl(_fd, V4l2Abi.VIDIOC_ENUM_FMT, &description) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                // EINVAL past the last index is how the list ends.
                if (errno == Errno.EINVAL)
                    return formats;
                throw V4l2Errors.Ioctl(errno, DevicePath, "VIDIOC_ENUM_FMT");
            }
            formats.Add(new V4l2FormatDescription(
                new V4l2FourCc(description.pixelformat),
                KernelMarshal.CString(description.description, 32),
                (description.flags & V4l2Abi.V4L2_FMT_FLAG_COMPRESSED) != 0,
                (description.flags & V4l2Abi.V4L2_FMT_FLAG_EMULATED) != 0));
        }
    }

    public unsafe V4l2PixelFormat GetFormat()
    {
        v4l2_format format = default;
        format.type = V4l2Abi.V4L2_BUF_TYPE_VIDEO_CAPTURE;
        Ioctl(_fd, DevicePath, V4l2Abi.VIDIOC_G_FMT, &format, "VIDIOC_G_FMT");
        return ToPixelFormat(format.fmt.pix);
    }

    /// <summary>
    /// Asks for a progressive <paramref name="width"/>×<paramref name="height"/> format and
    /// returns what the driver chose: drivers adjust sizes to the nearest they support, so check it.
    /// </summary>
    public unsafe V4l2PixelFormat SetFormat(uint width, uint height, V4l2FourCc pixelFormat)
    {
        if (_streaming)
            throw new InvalidOperationException($"Stop streaming from {DevicePath} before changing its format.");
        v4l2_format format = default;
        format.type = V4l2Abi.V4L2_BUF_TYPE_VIDEO_CAPTURE;
        format.fmt.pix.width = width;
        format.fmt.pix.height = height;
        format.fmt.pix.pixelformat = pixelFormat.Value;
        format.fmt.pix.field = V4l2Abi.V4L2_FIELD_NONE;
        Ioctl(_fd, DevicePath, V4l2Abi.VIDIOC_S_FMT, &format, "VIDIOC_S_FMT");
        return ToPixelFormat(format.fmt.pix);
    }

    /// <summary>Requests <paramref name="bufferCount"/> mmap buffers, maps and queues them all, and starts streaming.</summary>
    public unsafe void StartStreaming(int bufferCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferCount, MinimumBuffers);
        if (_streaming)
            throw new InvalidOperationException($"{DevicePath} is already streaming.");

        v4l2_requestbuffers request = default;
        request.count = (uint)bufferCount;
        request.type = V4l2Abi.V4L2_BUF_TYPE_VIDEO_CAPTURE;
        request.memory = V4l2Abi.V4L2_MEMORY_MMAP;
        Ioctl(_fd, DevicePath, V4l2Abi.VIDIOC_REQBUFS, &request, "VIDIOC_REQBUFS");
        if (request.count < MinimumBuffers)
        {
            ReleaseBuffers();
            throw V4l2Errors.TooFewBuffers(DevicePath, request.count, bufferCount);
        }

        try
        {
            _buffers = new SafeMemoryMapping[request.count];
            for (var i = 0; i < _buffers.Length; i++)
            {
                var buffer = NewBuffer(i);
                Ioctl(_fd, DevicePath, V4l2Abi.VIDIOC_QUERYBUF, &buffer, "VIDIOC_QUERYBUF");
                var address = LibC.mmap(0, buffer.length, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, _fd, buffer.m.offset);
                if (address == LibC.MAP_FAILED)
                    throw V4l2Errors.Map(Marshal.GetLastPInvokeError(), DevicePath, i, buffer.length);
                _buffers[i] = new SafeMemoryMapping(address, buffer.length);
                Ioctl(_fd, DevicePath, V4l2Abi.VIDIOC_QBUF, &buffer, "VIDIOC_QBUF");
            }

            var type = (int)V4l2Abi.V4L2_BUF_TYPE_VIDEO_CAPTURE;
            Ioctl(_fd, DevicePath, V4l2Abi.VIDIOC_STREAMON, &type, "VIDIOC_STREAMON");
            _streaming = true;
        }
        catch
        {
            ReleaseBuffers();
            throw;
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for a filled buffer and dequeues it. False when the
    /// timeout passed first. The frame's pixels are <see cref="GetData"/> until <see cref="Requeue"/>.
    /// </summary>
    public unsafe bool TryDequeue(TimeSpan timeout, out V4l2Frame frame)
    {
        if (!_streaming)
            throw new InvalidOperationException($"Call {nameof(StartStreaming)} on {DevicePath} before dequeuing frames.");
        frame = default;

        var added = false;
        _fd.DangerousAddRef(ref added);
        try
        {
            var wait = new pollfd { fd = _fd.Number, events = LibC.POLLIN };
            var ready = LibC.poll(&wait, 1, KernelMarshal.PollTimeout(timeout));
            if (ready < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                return errno == Errno.EINTR ? false : throw V4l2Errors.Ioctl(errno, DevicePath, "poll");
            }
            if (ready == 0)
                return false;
        }
        finally
        {
            if (added)
                _fd.DangerousRelease();
        }

        var buffer = NewBuffer(0);
        if (LibC.ioctl(_fd, V4l2Abi.VIDIOC_DQBUF, &buffer) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is Errno.EAGAIN or Errno.EINTR ? false : throw V4l2Errors.Ioctl(errno, DevicePath, "VIDIOC_DQBUF");
        }

        frame = new V4l2Frame(
            (int)buffer.index,
            buffer.bytesused,
            buffer.sequence,
            (buffer.timestamp.tv_sec * 1_000_000_000L) + (buffer.timestamp.tv_usec * 1_000L),
            (V4l2TimestampType)(buffer.flags & V4l2Abi.V4L2_BUF_FLAG_TIMESTAMP_MASK),
            (V4l2TimestampSource)(buffer.flags & V4l2Abi.V4L2_BUF_FLAG_TSTAMP_SRC_MASK),
            (buffer.flags & V4l2Abi.V4L2_BUF_FLAG_ERROR) != 0);
        return true;
    }

    /// <summary>The frame's image bytes, in place in the mapped buffer; valid until the frame is requeued.</summary>
    public unsafe ReadOnlySpan<byte> GetData(in V4l2Frame frame)
    {
        var mapping = Mapping(frame.Index);
        var length = (int)Math.Min(frame.BytesUsed, (uint)mapping.Length);
        return new ReadOnlySpan<byte>((void*)mapping.DangerousGetHandle(), length);
    }

    /// <summary>Hands the buffer back to the driver to be filled again.</summary>
    public unsafe void Requeue(in V4l2Frame frame)
    {
        _ = Mapping(frame.Index);
        var buffer = NewBuffer(frame.Index);
        Ioctl(_fd, DevicePath, V4l2Abi.VIDIOC_QBUF, &buffer, "VIDIOC_QBUF");
    }

    /// <summary>Stops streaming, unmaps the buffers and frees them in the driver.</summary>
    public unsafe void StopStreaming()
    {
        if (_streaming)
        {
            _streaming = false;
            var type = (int)V4l2Abi.V4L2_BUF_TYPE_VIDEO_CAPTURE;
            Ioctl(_fd, DevicePath, V4l2Abi.VIDIOC_STREAMOFF, &type, "VIDIOC_STREAMOFF");
        }
        ReleaseBuffers();
    }

    public void Dispose()
    {
        // Closing the fd stops streaming and frees the buffers in the kernel; only the mappings are ours.
        _streaming = false;
        foreach (var mapping in _buffers)
            mapping?.Dispose();
        _buffers = [];
        _fd.Dispose();
    }

    private SafeMemoryMapping Mapping(int index)
    {
        if ((uint)index >= (uint)_buffers.Length || _buffers[index] is null)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{DevicePath} has {_buffers.Length} mapped buffers; the frame is not from this capture or streaming has stopped.");
        return _buffers[index];
    }

    private unsafe void ReleaseBuffers()
    {
        foreach (var mapping in _buffers)
            mapping?.Dispose();
        _buffers = [];

        // count = 0 frees the driver's buffers; failure here leaves nothing of ours behind, so it is not an error.
        v4l2_requestbuffers release = default;
        release.type = V4l2Abi.V4L2_BUF_TYPE_VIDEO_CAPTURE;
        release.memory = V4l2Abi.V4L2_MEMORY_MMAP;
        _ = LibC.ioctl(_fd, V4l2Abi.VIDIOC_REQBUFS, &release);
    }

    private static v4l2_buffer NewBuffer(int index) => new()
    {
        index = (uint)index,
        type = V4l2Abi.V4L2_BUF_TYPE_VIDEO_CAPTURE,
        memory = V4l2Abi.V4L2_MEMORY_MMAP,
    };

    /// <summary>ioctl, retried when a signal interrupts it (the V4L2 spec's xioctl pattern); failures go through V4l2Errors.</summary>
    private static unsafe void Ioctl(SafeFileDescriptor fd, string path, uint request, void* argument, string name)
    {
        while (LibC.ioctl(fd, request, argument) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
                throw V4l2Errors.Ioctl(errno, path, name);
        }
    }

    private static V4l2PixelFormat ToPixelFormat(in v4l2_pix_format pix) =>
        new(pix.width, pix.height, new V4l2FourCc(pix.pixelformat), pix.bytesperline, pix.sizeimage, pix.field, pix.colorspace);
}
