using System.Globalization;
using System.Text;
using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Frames.Png;

namespace GyroEdge.Host.Recording;

/// <summary>
/// Record mode (DESIGN.md, "Recordings"): writes frames, every gyro sample and the exposure
/// windows into session folders under <see cref="FieldRecorderOptions.Root"/>, each one a
/// recording that replay, the trainer and <c>gyroedge export-gyroblur</c> read.
/// <para>
/// Durability. session.json, each frame PNG and the csv headers are written whole: temporary
/// name, fsync, rename, fsync of the folder. gyro.csv and frames.csv rows are gathered in memory
/// and appended then fsynced every <see cref="FieldRecorderOptions.SyncInterval"/> (and when the
/// 64 KiB gather buffer fills), so a power cut loses at most that interval's rows. A frame's row
/// is only gathered after its PNG is durable, so every listed file exists. A row torn by the
/// cut is removed when the next recorder starts on the same root (and when recording stops on a
/// full disk), so readers never meet one.
/// </para>
/// <para>
/// Full disk. A write that fails with ENOSPC, or one that would pass the disk budget under
/// <see cref="DiskBudgetPolicy.StopRecording"/>, stops recording: <see cref="Status"/> says why,
/// later calls return false, and nothing throws into the pipeline. What was written stays valid.
/// </para>
/// Thread-safe: the IMU thread adds samples while the camera thread adds frames.
/// </summary>
public sealed class FieldRecorder : IDisposable
{
    public const string GyroFileName = "gyro.csv";
    public const string FramesFolderName = "frames";
    public const string SessionPrefix = "session-";

    /// <summary>The trainer's FRAME_COLUMNS; fx..cy stay empty (field frames use session.json's intrinsics).</summary>
    public const string FramesHeader = "id,exposure_start_ns,exposure_end_ns,file,sharp_file,fx,fy,cx,cy";
    public const string GyroHeader = "t_ns,wx,wy,wz";

    // A gyro row is at most 20 digits of time and three shortest round-trip doubles (≤ 24 chars each).
    private const int LongestRow = 128;

    private readonly FieldRecorderOptions _options;
    private readonly SessionDescription _description;
    private readonly TimeProvider _time;
    private readonly PngEncoder _png = new();
    private readonly object _gate = new();
    private readonly byte[] _gyroPending = new byte[64 * 1024];
    private readonly byte[] _framesPending = new byte[16 * 1024];
    private int _gyroPendingLength;
    private int _framesPendingLength;
    private long _lastSync;

    private string? _session;
    private FileStream? _gyro;
    private FileStream? _frames;
    private int _framesInSession;
    private long? _sessionFirstExposureNs;

    private volatile RecorderStatus _status;
    private long _framesRecorded;
    private long _gyroSamplesRecorded;
    private long _bytesUsed;

    public FieldRecorder(FieldRecorderOptions options, SessionDescription description, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(description);
        options.Validate();
        _options = options;
        _description = description;
        _time = time ?? TimeProvider.System;
        _status = new RecorderStatus(RecorderState.Recording, null, null, 0, 0, 0);
        lock (_gate)
        {
            try
            {
                Directory.CreateDirectory(options.Root);
                RepairUnfinishedSessions(options.Root);
                _bytesUsed = BytesUnder(options.Root);
                if (EnsureRoom(4096))
                    OpenSession();
            }
            catch (IOException e)
            {
                StopOn(e, "the first session");
            }
            _lastSync = _time.GetTimestamp();
            Publish();
        }
    }

    /// <summary>What the host shows in STATUS= and /healthz.</summary>
    public RecorderStatus Status => _status;

    /// <summary>Appends one gyro sample (CLOCK_MONOTONIC ns, rad/s, IMU axes). Allocates nothing. False once recording has stopped.</summary>
    public bool AddGyroSample(long timestampNs, double wx, double wy, double wz)
    {
        lock (_gate)
        {
            if (_session is null)
                return false;
            if (_gyroPending.Length - _gyroPendingLength < LongestRow && !WritePending())
                return false;
            var row = _gyroPending.AsSpan(_gyroPendingLength);
            var n = 0;
            n += Format(timestampNs, row[n..]);
            row[n++] = (byte)',';
            n += Format(wx, row[n..]);
            row[n++] = (byte)',';
            n += Format(wy, row[n..]);
            row[n++] = (byte)',';
            n += Format(wz, row[n..]);
            row[n++] = (byte)'\n';
            _gyroPendingLength += n;
            _gyroSamplesRecorded++;
            return SyncIfDue();
        }
    }

    /// <summary>
    /// Writes one frame's PNG durably and lists it in frames.csv. <paramref name="format"/> is
    /// <see cref="FramePixelFormat.Rgb24"/> or <see cref="FramePixelFormat.Grey"/>. Starts a new
    /// session first when the current one is full. False once recording has stopped.
    /// </summary>
    public bool AddFrame(long id, long exposureStartNs, long exposureEndNs, ReadOnlySpan<byte> pixels, int width, int height, int stride, FramePixelFormat format)
    {
        if (exposureEndNs < exposureStartNs)
            throw new ArgumentException($"Frame {id}: exposure ends at {exposureEndNs} ns, before it starts at {exposureStartNs} ns.", nameof(exposureEndNs));
        lock (_gate)
        {
            if (_session is null)
                return false;
            if (_framesInSession >= _options.RotateAfterFrames
                || (_sessionFirstExposureNs is { } first && exposureStartNs - first >= _options.RotateAfter.Ticks * 100))
            {
                if (!Rotate())
                    return false;
            }
            var png = _png.Encode(pixels, width, height, stride, format);
            var name = $"{FramesFolderName}/{id:D6}.png";
            if (!EnsureRoom(png.Length + LongestRow))
                return false;
            try
            {
                DurableFile.WriteAtomically(Path.Combine(_session, name), png.Span);
            }
            catch (IOException e)
            {
                StopOn(e, name);
                return false;
            }
            _bytesUsed += png.Length;
            var row = string.Create(CultureInfo.InvariantCulture, $"{id},{exposureStartNs},{exposureEndNs},{name},,,,,\n");
            if (_framesPending.Length - _framesPendingLength < row.Length && !WritePending())
                return false;
            _framesPendingLength += Encoding.ASCII.GetBytes(row, _framesPending.AsSpan(_framesPendingLength));
            _framesInSession++;
            _sessionFirstExposureNs ??= exposureStartNs;
            _framesRecorded++;
            var ok = SyncIfDue();
            Publish();
            return ok;
        }
    }

    /// <summary>Writes and fsyncs the gathered rows now; the host calls it on a timer so quiet periods are durable too.</summary>
    public bool Flush()
    {
        lock (_gate)
        {
            if (_session is null)
                return false;
            var ok = WritePending();
            Publish();
            return ok;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_session is not null)
            {
                WritePending();
                CloseSession();
                if (_status.State == RecorderState.Recording)
                    _status = _status with { State = RecorderState.Stopped, Reason = "the recorder was shut down." };
            }
            _png.Dispose();
        }
    }

    private bool SyncIfDue() =>
        _time.GetElapsedTime(_lastSync) < _options.SyncInterval || WritePending();

    private bool WritePending()
    {
        _lastSync = _time.GetTimestamp();
        if (!EnsureRoom(_gyroPendingLength + _framesPendingLength))
            return false;
        try
        {
            Append(_gyro!, _gyroPending, ref _gyroPendingLength);
            Append(_frames!, _framesPending, ref _framesPendingLength);
            Publish();
            return true;
        }
        catch (IOException e)
        {
            StopOn(e, $"{GyroFileName} / {RecordingFrameIndex.FileName}");
            return false;
        }
    }

    private void Append(FileStream stream, byte[] pending, ref int length)
    {
        if (length == 0)
            return;
        stream.Write(pending, 0, length);
        stream.Flush(flushToDisk: true);
        _bytesUsed += length;
        length = 0;
    }

    private bool Rotate()
    {
        if (!WritePending())
            return false;
        CloseSession();
        try
        {
            OpenSession();
            return true;
        }
        catch (IOException e)
        {
            StopOn(e, "a new session");
            return false;
        }
    }

    private void OpenSession()
    {
        var sequence = SessionsOldestFirst(_options.Root).Select(s => s.Sequence).DefaultIfEmpty(0).Max() + 1;
        var session = Path.Combine(_options.Root, $"{SessionPrefix}{sequence:D6}");
        Directory.CreateDirectory(Path.Combine(session, FramesFolderName));
        _session = session;
        var json = _description.ToJson();
        DurableFile.WriteAtomically(Path.Combine(session, SessionDescription.FileName), json);
        var gyroHeader = Encoding.ASCII.GetBytes(GyroHeader + "\n");
        var framesHeader = Encoding.ASCII.GetBytes(FramesHeader + "\n");
        DurableFile.WriteAtomically(Path.Combine(session, GyroFileName), gyroHeader);
        DurableFile.WriteAtomically(Path.Combine(session, RecordingFrameIndex.FileName), framesHeader);
        DurableFile.SyncFolder(_options.Root);
        _bytesUsed += json.Length + gyroHeader.Length + framesHeader.Length;
        _gyro = new FileStream(Path.Combine(session, GyroFileName), FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _frames = new FileStream(Path.Combine(session, RecordingFrameIndex.FileName), FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _framesInSession = 0;
        _sessionFirstExposureNs = null;
    }

    private void CloseSession()
    {
        _gyro?.Dispose();
        _frames?.Dispose();
        _gyro = null;
        _frames = null;
        _session = null;
    }

    /// <summary>Makes room for <paramref name="bytes"/> more under the budget, or stops recording.</summary>
    private bool EnsureRoom(long bytes)
    {
        while (_bytesUsed + bytes > _options.DiskBudgetBytes)
        {
            var oldest = _options.WhenBudgetReached == DiskBudgetPolicy.DeleteOldestSessions
                ? SessionsOldestFirst(_options.Root).Select(s => s.Path).FirstOrDefault(p => !string.Equals(p, _session, StringComparison.Ordinal))
                : null;
            if (oldest is null)
            {
                Stop($"the recordings under {_options.Root} reached their disk budget of {_options.DiskBudgetBytes} bytes"
                    + (_options.WhenBudgetReached == DiskBudgetPolicy.StopRecording
                        ? " and the policy is StopRecording. Copy the sessions off the device and delete them, or raise DiskBudgetBytes, then restart."
                        : " with no older session left to delete. Raise DiskBudgetBytes or shorten sessions (RotateAfterFrames), then restart."));
                return false;
            }
            var size = BytesUnder(oldest);
            try
            {
                Directory.Delete(oldest, recursive: true);
                DurableFile.SyncFolder(_options.Root);
            }
            catch (IOException e)
            {
                StopOn(e, $"deleting {oldest}");
                return false;
            }
            _bytesUsed -= size;
        }
        return true;
    }

    private void StopOn(IOException e, string what)
    {
        Stop(DurableFile.IsDiskFull(e)
            ? $"disk full (ENOSPC) while writing {what} under {_options.Root}; files already written are complete. Free space there or lower DiskBudgetBytes below the free space, then restart."
            : $"writing {what} under {_options.Root} failed: {e.Message}");
    }

    private void Stop(string reason)
    {
        var session = _session;
        try
        {
            // Rows already accepted (AddFrame returned true) are kept even a few KiB past the
            // budget; on a full disk this fails and the trim below removes any half row.
            if (_gyro is not null && _frames is not null)
            {
                Append(_gyro, _gyroPending, ref _gyroPendingLength);
                Append(_frames, _framesPending, ref _framesPendingLength);
            }
        }
        catch (IOException)
        {
        }
        _gyroPendingLength = 0;
        _framesPendingLength = 0;
        CloseSession();
        if (session is not null)
        {
            // A partial append on ENOSPC can leave half a row; cut it so the files already written stay readable.
            foreach (var file in new[] { GyroFileName, RecordingFrameIndex.FileName })
            {
                try
                {
                    var path = Path.Combine(session, file);
                    if (File.Exists(path))
                        DurableFile.TrimToLastCompleteLine(path);
                }
                catch (IOException)
                {
                    // Trimming only shortens the file; if even that fails the next start repairs it.
                }
            }
        }
        _status = new RecorderStatus(RecorderState.Stopped, reason, session is null ? null : Path.GetFileName(session), _framesRecorded, _gyroSamplesRecorded, _bytesUsed);
    }

    private void Publish()
    {
        if (_session is not null)
            _status = new RecorderStatus(RecorderState.Recording, null, Path.GetFileName(_session), _framesRecorded, _gyroSamplesRecorded, _bytesUsed);
    }

    /// <summary>After a power cut: cut torn csv tails and delete temporaries left by an interrupted atomic write.</summary>
    private static void RepairUnfinishedSessions(string root)
    {
        foreach (var (path, _) in SessionsOldestFirst(root))
        {
            foreach (var temporary in Directory.EnumerateFiles(path, ".*.tmp", SearchOption.AllDirectories))
                DurableFile.TryDelete(temporary);
            foreach (var file in new[] { GyroFileName, RecordingFrameIndex.FileName })
            {
                var csv = Path.Combine(path, file);
                if (File.Exists(csv))
                    DurableFile.TrimToLastCompleteLine(csv);
            }
        }
    }

    internal static IEnumerable<(string Path, int Sequence)> SessionsOldestFirst(string root) =>
        Directory.EnumerateDirectories(root, SessionPrefix + "*")
            .Select(p => (Path: p, Ok: int.TryParse(Path.GetFileName(p).AsSpan(SessionPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n), Sequence: n))
            .Where(s => s.Ok)
            .OrderBy(s => s.Sequence)
            .Select(s => (s.Path, s.Sequence));

    private static long BytesUnder(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    private static int Format(long value, Span<byte> destination) =>
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture) ? written : throw new InvalidOperationException("gyro row buffer too small");

    // "R": the shortest text that reads back to the same double, as the trainer's %.17g keeps every bit.
    private static int Format(double value, Span<byte> destination) =>
        value.TryFormat(destination, out var written, "R", CultureInfo.InvariantCulture) ? written : throw new InvalidOperationException("gyro row buffer too small");
}
