using System.Diagnostics.CodeAnalysis;
using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Frames.Png;

namespace GyroEdge.Hardware.Frames;

/// <summary>
/// Replays a recording folder (DESIGN.md, "Recordings"): the frames listed in frames.csv, PNG
/// images decoded into pooled buffers, each stamped with its recorded exposure start
/// (<see cref="FrameTimestampSource.StartOfExposure"/>) and carrying its recorded exposure
/// window, so exposures pair with frames by order and frames line up with the recorded gyro.
/// Every image must have the size and colour type of the first one.
/// </summary>
public sealed class RecordingFrameSource : IFrameSource
{
    private readonly string _folder;
    private readonly IReadOnlyList<RecordedFrame> _frames;
    private readonly FramePool _pool;
    private readonly PngDecoder _decoder = new();
    private readonly IMonotonicClock? _clock;
    private readonly long _readoutNs;
    private byte[] _file = new byte[256 * 1024];
    private int _next;
    private long? _paceOriginNs;
    private long _dropped;

    private RecordingFrameSource(string folder, IReadOnlyList<RecordedFrame> frames, FrameFormat format, RecordingReplayOptions options)
    {
        _folder = folder;
        _frames = frames;
        Format = format;
        _clock = options.PaceClock;
        _readoutNs = options.ReadoutNs;
        _pool = new FramePool(options.PoolFrames, format.FrameBytes);
    }

    /// <summary>Opens the recording in <paramref name="folder"/>, reading frames.csv and the first image's header.</summary>
    public static RecordingFrameSource Open(string folder, RecordingReplayOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        options ??= new RecordingReplayOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PoolFrames, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.ReadoutNs);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Recording folder {folder} does not exist. Check the path.");
        var frames = RecordingFrameIndex.Read(folder);
        var firstPath = Path.Combine(folder, frames[0].File);
        var info = PngDecoder.ReadInfo(ReadHead(firstPath), firstPath);
        return new RecordingFrameSource(folder, frames, info.OutputLayout, options);
    }

    public string Name => $"recording {_folder}";

    public FrameFormat Format { get; }

    public FrameTimestampSource TimestampSource => FrameTimestampSource.StartOfExposure;

    /// <summary>Frames missing from the recording (gaps in its ids) and frames dropped for want of a free buffer.</summary>
    public long DroppedFrames => Volatile.Read(ref _dropped);

    public bool IsFinished => _next >= _frames.Count;

    /// <summary>The frames.csv rows, in order.</summary>
    public IReadOnlyList<RecordedFrame> Frames => _frames;

    public bool TryReadFrame(TimeSpan timeout, [NotNullWhen(true)] out FrameBuffer? frame)
    {
        frame = null;
        if (IsFinished)
            return false;
        var recorded = _frames[_next];
        if (!IsDue(recorded, timeout))
            return false;

        _next++;
        if (_next > 1 && recorded.Id > _frames[_next - 2].Id + 1)
            Interlocked.Add(ref _dropped, recorded.Id - _frames[_next - 2].Id - 1);
        if (!_pool.TryRent(out var buffer))
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }
        try
        {
            var path = Path.Combine(_folder, recorded.File);
            var length = ReadFile(path);
            var info = PngDecoder.ReadInfo(_file.AsSpan(0, length), path);
            if (info.OutputLayout != Format)
                throw new InvalidDataException($"{path} is {info.Width}x{info.Height} {info.OutputFormat}; the recording's first frame is {Format.Width}x{Format.Height} {Format.PixelFormat}. A recording has one frame format.");
            _decoder.Decode(_file.AsSpan(0, length), buffer.Writable, Format.Stride, path);
            buffer.Format = Format;
            buffer.Length = Format.FrameBytes;
            buffer.TimestampNs = recorded.ExposureStartNs;
            buffer.TimestampSource = FrameTimestampSource.StartOfExposure;
            buffer.Sequence = recorded.Id;
            buffer.Exposure = new ExposureWindow(recorded.Id, recorded.ExposureStartNs, recorded.ExposureEndNs, _readoutNs);
            frame = buffer;
            return true;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        // Nothing native is held; frames still out stay valid until their holders dispose them.
    }

    private bool IsDue(RecordedFrame recorded, TimeSpan timeout)
    {
        if (_clock is null)
            return true;
        _paceOriginNs ??= _clock.NowNs - (recorded.ExposureStartNs - _frames[0].ExposureStartNs);
        var due = _paceOriginNs.Value + (recorded.ExposureStartNs - _frames[0].ExposureStartNs);
        var wait = due - _clock.NowNs;
        if (wait <= 0)
            return true;
        // Only a real clock moves while we sleep; a test's manual clock is moved by the test.
        if (_clock is SystemMonotonicClock && timeout > TimeSpan.Zero)
        {
            Thread.Sleep(TimeSpan.FromTicks(Math.Min(timeout.Ticks, (wait / 100) + 1)));
            return _clock.NowNs >= due;
        }
        return false;
    }

    private int ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}, listed in {RecordingFrameIndex.FileName}, does not exist. The recording is incomplete; fix or remove its row.", path);
        using var handle = File.OpenHandle(path);
        var length = RandomAccess.GetLength(handle);
        if (length > int.MaxValue / 2)
            throw new InvalidDataException($"{path} is {length} bytes; no frame is that large.");
        if (_file.Length < length)
            _file = new byte[Math.Max(length, _file.Length * 2)];
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(handle, _file.AsSpan(read, (int)length - read), read);
            if (n == 0)
                break;
            read += n;
        }
        return read;
    }

    private static byte[] ReadHead(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}, the first frame listed in {RecordingFrameIndex.FileName}, does not exist. The recording is incomplete.", path);
        using var stream = File.OpenRead(path);
        var head = new byte[64];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..n];
    }
}
