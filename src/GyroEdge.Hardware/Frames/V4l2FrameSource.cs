using System.Diagnostics.CodeAnalysis;
using GyroEdge.Hardware.Linux.V4l2;

namespace GyroEdge.Hardware.Frames;

/// <summary>
/// A V4L2 camera as a frame source: mmap streaming through <see cref="V4l2Capture"/>, each
/// dequeued buffer copied into a pooled frame and handed straight back to the driver, so the
/// driver never starves while the pipeline holds frames, and the pipeline's frames never point
/// into memory the driver is refilling. YUYV, GREY, RGB24, BGR24, NV12 and MJPEG.
/// </summary>
public sealed class V4l2FrameSource : IFrameSource
{
    private readonly V4l2Capture _capture;
    private readonly FramePool _pool;
    private uint? _previousSequence;
    private long _dropped;

    private V4l2FrameSource(V4l2Capture capture, FrameFormat format, int bufferBytes, int poolFrames)
    {
        _capture = capture;
        Format = format;
        _pool = new FramePool(poolFrames, bufferBytes);
    }

    /// <summary>
    /// Opens <paramref name="devicePath"/>, sets the format (the driver may adjust the size; the
    /// result is <see cref="Format"/>), and starts streaming with <paramref name="kernelBuffers"/> buffers.
    /// </summary>
    public static V4l2FrameSource Open(string devicePath, int width, int height, FramePixelFormat pixelFormat, int kernelBuffers = 4, int poolFrames = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(poolFrames, 1);
        var capture = V4l2Capture.Open(devicePath);
        try
        {
            var wanted = FrameFormat.ToFourCc(pixelFormat);
            var set = capture.SetFormat((uint)width, (uint)height, wanted);
            if (set.PixelFormat != wanted)
            {
                var offered = string.Join(", ", capture.EnumerateFormats().Select(f => f.PixelFormat.ToString()));
                throw new NotSupportedException($"{devicePath} ({capture.Card}) does not deliver {wanted}; it chose {set.PixelFormat}. It offers: {offered}. Pick one of those.");
            }
            var format = new FrameFormat(pixelFormat, (int)set.Width, (int)set.Height, (int)set.BytesPerLine);
            if (pixelFormat != FramePixelFormat.Mjpeg)
                format.Validate();
            // sizeimage is what the driver writes at most (for MJPEG, its bound on a JPEG).
            var bytes = (int)Math.Max(set.SizeImage, pixelFormat == FramePixelFormat.Mjpeg ? 1u : (uint)format.FrameBytes);
            capture.StartStreaming(kernelBuffers);
            return new V4l2FrameSource(capture, format, bytes, poolFrames);
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    public string Name => $"{_capture.DevicePath} ({_capture.Driver}: {_capture.Card})";

    public FrameFormat Format { get; }

    /// <summary>What the driver says its timestamps mark; known after the first frame (end of frame until then).</summary>
    public FrameTimestampSource TimestampSource { get; private set; } = FrameTimestampSource.EndOfFrame;

    public long DroppedFrames => Volatile.Read(ref _dropped);

    public bool IsFinished => false;

    public bool TryReadFrame(TimeSpan timeout, [NotNullWhen(true)] out FrameBuffer? frame)
    {
        frame = null;
        if (!_capture.TryDequeue(timeout, out var dequeued))
            return false;
        try
        {
            if (dequeued.TimestampType != V4l2TimestampType.Monotonic)
            {
                throw new NotSupportedException(
                    $"{Name} stamps buffers with the {dequeued.TimestampType} clock; GyroEdge lines frames up with the strobe and the gyro on CLOCK_MONOTONIC. "
                    + "Use a driver that sets V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC (uvcvideo and the Jetson VI do).");
            }
            TimestampSource = dequeued.TimestampSource == V4l2TimestampSource.StartOfExposure ? FrameTimestampSource.StartOfExposure : FrameTimestampSource.EndOfFrame;
            if (_previousSequence is { } previous)
            {
                // Sequence is the driver's u32 frame counter; it counts frames it dropped too.
                var gap = unchecked(dequeued.Sequence - previous - 1);
                if (gap is > 0 and < 0x8000_0000)
                    Interlocked.Add(ref _dropped, gap);
            }
            _previousSequence = dequeued.Sequence;

            if (!_pool.TryRent(out var buffer))
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }
            var data = _capture.GetData(dequeued);
            var length = Math.Min(data.Length, buffer.Capacity);
            data[..length].CopyTo(buffer.Writable);
            buffer.Format = Format;
            buffer.Length = length;
            buffer.TimestampNs = dequeued.TimestampNs;
            buffer.TimestampSource = TimestampSource;
            buffer.Sequence = dequeued.Sequence;
            buffer.IsCorrupt = dequeued.IsCorrupt || (Format.PixelFormat != FramePixelFormat.Mjpeg && length < Format.FrameBytes);
            frame = buffer;
            return true;
        }
        finally
        {
            _capture.Requeue(dequeued);
        }
    }

    public void Dispose() => _capture.Dispose();
}
