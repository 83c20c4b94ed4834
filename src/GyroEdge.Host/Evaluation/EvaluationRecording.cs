using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Gyro;
using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Frames.Png;

namespace GyroEdge.Host.Evaluation;

/// <summary>
/// A recording with ground truth, opened for evaluation and checked whole before any model is
/// loaded, so a recording that cannot be scored fails in a second rather than after minutes of
/// TensorRT builds: session.json, frames.csv, gyro.csv, every frame's sharp file (present, PNG,
/// the frame's size) and every frame's intrinsics (its own fx,fy,cx,cy from frames.csv, else the
/// session camera's), as the trainer's recording.py resolves them.
/// </summary>
public sealed class EvaluationRecording
{
    /// <summary>SSIM's 11x11 window must fit (ImageQuality.Ssim).</summary>
    private const int MinimumSide = 11;

    // Per frame: its intrinsics, or why it has none (only a gyro model needs them).
    private readonly (CameraIntrinsics? Intrinsics, string? Problem)[] intrinsics;

    private EvaluationRecording(string folder, RecordingSession session, IReadOnlyList<RecordedFrame> frames, FrameFormat format, (CameraIntrinsics?, string?)[] intrinsics, GyroSample[] gyro)
    {
        Folder = folder;
        Session = session;
        Frames = frames;
        Format = format;
        this.intrinsics = intrinsics;
        Gyro = gyro;
    }

    /// <summary>The recording folder, absolute.</summary>
    public string Folder { get; }

    public RecordingSession Session { get; }

    /// <summary>The frames.csv rows, in order.</summary>
    public IReadOnlyList<RecordedFrame> Frames { get; }

    /// <summary>The frames' format (every frame of a recording has the first one's).</summary>
    public FrameFormat Format { get; }

    /// <summary>gyro.csv's samples, IMU axes and IMU time, oldest first.</summary>
    public IReadOnlyList<GyroSample> Gyro { get; }

    /// <summary>The intrinsics a gyro model gets for frame <paramref name="index"/> (in <see cref="Frames"/>).</summary>
    /// <exception cref="InvalidDataException">The frame has none: no fx,fy,cx,cy and no usable session camera intrinsics.</exception>
    public CameraIntrinsics IntrinsicsOf(int index) => intrinsics[index].Intrinsics ?? throw new InvalidDataException(intrinsics[index].Problem);

    /// <summary>Throws for the first frame without intrinsics: called before a gyro model is loaded, so it fails early.</summary>
    /// <exception cref="InvalidDataException">A frame has no intrinsics; the message names the file and the frame.</exception>
    public void RequireIntrinsics()
    {
        for (var i = 0; i < intrinsics.Length; i++)
            IntrinsicsOf(i);
    }

    /// <summary>The frame's exposure as the replay's frame source stamps it (session.json's readout).</summary>
    public ExposureWindow ExposureOf(int index)
    {
        var frame = Frames[index];
        return new ExposureWindow(frame.Id, frame.ExposureStartNs, frame.ExposureEndNs, Session.ReadoutNs);
    }

    /// <summary>Where frame <paramref name="index"/>'s ground truth lives.</summary>
    public string SharpPathOf(int index) => Path.Combine(Folder, Frames[index].SharpFile!);

    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    /// <exception cref="FileNotFoundException">session.json, frames.csv, gyro.csv, a frame or a sharp file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, a frame has no ground truth or no intrinsics, or a sharp image does not match its frame.</exception>
    public static EvaluationRecording Open(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(
                $"--recording {folder} does not exist: give a recording folder with ground truth (session.json, gyro.csv, frames.csv, frames/, sharp/), e.g. one written by ./gyroedge synth.");
        }
        FrameFormat format;
        RecordingSession session;
        IReadOnlyList<RecordedFrame> frames;
        using (var source = RecordingFrameSource.Open(folder))
        {
            (format, session, frames) = (source.Format, source.Session, source.Frames);
        }
        if (format.Width < MinimumSide || format.Height < MinimumSide)
        {
            throw new InvalidDataException(
                $"{Path.Combine(folder, frames[0].File)} is {format.Width}x{format.Height}; SSIM needs frames of at least {MinimumSide}x{MinimumSide} pixels. Evaluate a recording of larger frames.");
        }

        var index = Path.Combine(folder, RecordingFrameIndex.FileName);
        var resolved = new (CameraIntrinsics?, string?)[frames.Count];
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            if (frame.SharpFile is null)
            {
                throw new InvalidDataException(
                    $"{index}: frame {frame.Id} has no sharp_file, so there is no ground truth to score against; eval needs a recording with sharp/ images "
                    + "(a synthetic set from ./gyroedge synth). A field recording has none: replay it instead.");
            }
            CheckSharp(folder, frame, format);
            resolved[i] = Intrinsics(index, folder, session, frame, format);
        }
        var gyro = RecordingGyro.Read(folder);
        return new EvaluationRecording(folder, session, frames, format, resolved, gyro);
    }

    private static void CheckSharp(string folder, RecordedFrame frame, FrameFormat format)
    {
        var path = Path.Combine(folder, frame.SharpFile!);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} does not exist: frames.csv names it as frame {frame.Id}'s ground truth. Restore the recording's sharp/ folder.", path);
        Span<byte> head = stackalloc byte[64];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        var info = PngDecoder.ReadInfo(head[..read], path);
        if (info.Width != format.Width || info.Height != format.Height)
        {
            throw new InvalidDataException(
                $"{path} is {info.Width}x{info.Height}, frame {frame.Id} is {format.Width}x{format.Height}: ground truth must be the frame's size. The recording is inconsistent; synthesise it again.");
        }
    }

    /// <summary>The frame's own fx,fy,cx,cy, else the session camera's (trainer: Recording.intrinsics_of), else why there are none.</summary>
    private static (CameraIntrinsics?, string?) Intrinsics(string index, string folder, RecordingSession session, RecordedFrame frame, FrameFormat format)
    {
        // Frame sizes are validated by the frame source and focal lengths by the index, so the
        // frame's own intrinsics always make a valid CameraIntrinsics.
        if (frame.Intrinsics is { } own)
            return (own.ForImage(format.Width, format.Height), null);
        var sessionPath = Path.Combine(folder, RecordingSession.FileName);
        if (session.Intrinsics is not { } camera)
        {
            return (null, $"{index}: frame {frame.Id} has no fx,fy,cx,cy and {sessionPath} has camera.intrinsics null, and a gyro model needs "
                + "the camera's intrinsics. Add them to session.json (camera.intrinsics) or per frame in frames.csv.");
        }
        if (camera.Width != format.Width || camera.Height != format.Height)
        {
            return (null, $"{sessionPath}: camera.intrinsics describe a {camera.Width}x{camera.Height} image (camera.width, camera.height) "
                + $"and the frames are {format.Width}x{format.Height}. Give the intrinsics in pixels of the recorded frames.");
        }
        return (camera, null);
    }
}
