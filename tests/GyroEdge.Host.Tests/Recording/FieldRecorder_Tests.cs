using System.Globalization;
using System.Text.Json;
using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Frames.Png;
using GyroEdge.Host.Recording;

namespace GyroEdge.Host.Tests.Recording;

public sealed class FieldRecorder_Tests : IDisposable
{
    private const int Width = 16, Height = 12, Stride = Width * 3;
    private readonly TemporaryFolder _root = new();

    public void Dispose() => _root.Dispose();

    private FieldRecorderOptions Options(Action<FieldRecorderOptions>? change = null)
    {
        var options = new FieldRecorderOptions { Root = _root.Path };
        change?.Invoke(options);
        return options;
    }

    private static string[] SessionFolders(string root) =>
        [.. Directory.GetDirectories(root, "session-*").Order(StringComparer.Ordinal)];

    [Fact]
    public void Writes_A_Recording_That_The_Replay_Reader_And_The_Png_Decoder_Read_Back()
    {
        var frames = Enumerable.Range(1, 4).Select(i => Sessions.Pixels(i, Stride * Height)).ToArray();
        var gyro = Enumerable.Range(0, 50).Select(i => (T: 1_000_000_000L + (i * 1_000_000L), W: (0.1 * i, -1.0 / 3.0, Math.PI * i))).ToArray();
        using (var recorder = new FieldRecorder(Options(), Sessions.Description()))
        {
            foreach (var (t, (x, y, z)) in gyro)
                Assert.True(recorder.AddGyroSample(t, x, y, z));
            for (var i = 0; i < frames.Length; i++)
                Assert.True(recorder.AddFrame(i + 1, 1_000_000_000L + (i * 10_000_000L), 1_005_000_000L + (i * 10_000_000L), frames[i], Width, Height, Stride, FramePixelFormat.Rgb24));
            Assert.Equal((RecorderState.Recording, 4L, 50L), (recorder.Status.State, recorder.Status.FramesRecorded, recorder.Status.GyroSamplesRecorded));
        }

        var session = Assert.Single(SessionFolders(_root.Path));
        Assert.Equal("session-000001", Path.GetFileName(session));
        var index = RecordingFrameIndex.Read(session);
        Assert.Equal([1L, 2, 3, 4], index.Select(f => f.Id));
        Assert.Equal((1_010_000_000L, 1_015_000_000L, "frames/000002.png"), (index[1].ExposureStartNs, index[1].ExposureEndNs, index[1].File));
        var decoded = new byte[Stride * Height];
        new PngDecoder().Decode(File.ReadAllBytes(Path.Combine(session, index[3].File)), decoded, Stride, index[3].File);
        Assert.Equal(frames[3], decoded);

        var lines = File.ReadAllLines(Path.Combine(session, "gyro.csv"));
        Assert.Equal("t_ns,wx,wy,wz", lines[0]);
        Assert.Equal(51, lines.Length);
        var cells = lines[8].Split(',');
        Assert.Equal(gyro[7].T, long.Parse(cells[0], CultureInfo.InvariantCulture));
        // Every bit of the double survives the text, as the trainer's %.17g does.
        Assert.Equal(gyro[7].W, (double.Parse(cells[1], CultureInfo.InvariantCulture), double.Parse(cells[2], CultureInfo.InvariantCulture), double.Parse(cells[3], CultureInfo.InvariantCulture)));
        Assert.StartsWith("id,exposure_start_ns,exposure_end_ns,file,sharp_file", File.ReadAllLines(Path.Combine(session, "frames.csv"))[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_Session_Json_With_The_Trainers_Field_Names()
    {
        new FieldRecorder(Options(), Sessions.Description()).Dispose();

        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SessionFolders(_root.Path)[0], "session.json")));
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("format").GetInt32());
        Assert.Equal("test-board", root.GetProperty("device").GetString());
        Assert.Equal(15_000_000, root.GetProperty("camera").GetProperty("readout_ns").GetInt64());
        Assert.Equal(20.0, root.GetProperty("camera").GetProperty("intrinsics")[0][0].GetDouble());
        Assert.Equal(20_000_000, root.GetProperty("imu").GetProperty("max_gap_ns").GetInt64());
        Assert.Equal(-1.0, root.GetProperty("calibration").GetProperty("imu_to_camera")[0][1].GetDouble());
        Assert.Equal(1_500_000, root.GetProperty("calibration").GetProperty("time_offset_ns").GetInt64());
        Assert.Equal(-0.002, root.GetProperty("calibration").GetProperty("gyro_bias")[1].GetDouble());
        Assert.Equal(400, SessionDescription.Read(SessionFolders(_root.Path)[0]).Camera.Iso);
    }

    [Fact]
    public void Keeps_Rows_In_Memory_Until_The_Sync_Interval_Passes_Then_Makes_Them_Durable()
    {
        var time = new ManualTime();
        using var recorder = new FieldRecorder(Options(o => o.SyncInterval = TimeSpan.FromMilliseconds(250)), Sessions.Description(), time);
        var gyroPath = Path.Combine(SessionFolders(_root.Path)[0], "gyro.csv");

        for (var i = 0; i < 10; i++)
            recorder.AddGyroSample(i * 1_000_000L, 0, 0, i);
        Assert.Single(ReadShared(gyroPath));

        time.Advance(TimeSpan.FromMilliseconds(250));
        recorder.AddGyroSample(10_000_000L, 0, 0, 10);
        Assert.Equal(12, ReadShared(gyroPath).Length);
    }

    [Fact]
    public void Flush_Writes_Gathered_Rows_Without_Waiting_For_The_Next_Sample()
    {
        using var recorder = new FieldRecorder(Options(o => o.SyncInterval = TimeSpan.FromSeconds(5)), Sessions.Description(), new ManualTime());
        recorder.AddGyroSample(1, 0.5, 0.25, 0.125);

        Assert.True(recorder.Flush());

        Assert.Equal("1,0.5,0.25,0.125", ReadShared(Path.Combine(SessionFolders(_root.Path)[0], "gyro.csv"))[1]);
    }

    [Fact]
    public void Starts_A_New_Session_After_The_Configured_Number_Of_Frames()
    {
        using (var recorder = new FieldRecorder(Options(o => o.RotateAfterFrames = 2), Sessions.Description()))
        {
            for (var i = 1; i <= 5; i++)
                Assert.True(recorder.AddFrame(i, i * 1000L, (i * 1000L) + 500, Sessions.Pixels(i, Stride * Height), Width, Height, Stride, FramePixelFormat.Rgb24));
        }

        var sessions = SessionFolders(_root.Path);
        Assert.Equal(["session-000001", "session-000002", "session-000003"], sessions.Select(Path.GetFileName));
        Assert.Equal([[1L, 2], [3L, 4], [5L]], sessions.Select(s => RecordingFrameIndex.Read(s).Select(f => f.Id).ToArray()));
        Assert.All(sessions, s => Assert.True(File.Exists(Path.Combine(s, "session.json"))));
    }

    [Fact]
    public void Starts_A_New_Session_When_Exposures_Pass_The_Rotation_Time()
    {
        using (var recorder = new FieldRecorder(Options(o => o.RotateAfter = TimeSpan.FromSeconds(1)), Sessions.Description()))
        {
            foreach (var start in new[] { 5_000_000_000L, 5_900_000_000L, 6_000_000_000L })
                recorder.AddFrame(start / 1000, start, start + 1, new byte[Width * Height], Width, Height, Width, FramePixelFormat.Grey);
        }

        Assert.Equal([2, 1], SessionFolders(_root.Path).Select(s => RecordingFrameIndex.Read(s).Count));
    }

    [Fact]
    public void Deletes_The_Oldest_Sessions_To_Stay_Within_The_Disk_Budget()
    {
        const int big = 256; // random pixels do not compress: each PNG is about 192 KiB
        const long budget = 1 << 20;
        using var recorder = new FieldRecorder(Options(o => { o.DiskBudgetBytes = budget; o.RotateAfterFrames = 2; }), Sessions.Description());

        for (var i = 1; i <= 12; i++)
            Assert.True(recorder.AddFrame(i, i * 1000L, (i * 1000L) + 1, Sessions.Pixels(i, big * big * 3), big, big, big * 3, FramePixelFormat.Rgb24));
        recorder.Flush();

        var sessions = SessionFolders(_root.Path).Select(Path.GetFileName).ToArray();
        Assert.DoesNotContain("session-000001", sessions);
        Assert.Contains("session-000006", sessions);
        Assert.Equal(RecorderState.Recording, recorder.Status.State);
        var onDisk = Directory.EnumerateFiles(_root.Path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(onDisk <= budget, $"{onDisk} bytes on disk, budget {budget}");
        Assert.Equal(onDisk, recorder.Status.BytesUsed);
    }

    [Fact]
    public void Stops_With_A_Reason_When_The_Budget_Is_Reached_And_The_Policy_Is_Stop()
    {
        const int big = 256;
        using var recorder = new FieldRecorder(Options(o => { o.DiskBudgetBytes = 1 << 20; o.RotateAfterFrames = 2; o.WhenBudgetReached = DiskBudgetPolicy.StopRecording; }), Sessions.Description());

        var accepted = Enumerable.Range(1, 12).TakeWhile(i => recorder.AddFrame(i, i * 1000L, (i * 1000L) + 1, Sessions.Pixels(i, big * big * 3), big, big, big * 3, FramePixelFormat.Rgb24)).Count();

        Assert.InRange(accepted, 3, 5);
        Assert.Equal(RecorderState.Stopped, recorder.Status.State);
        Assert.Contains("disk budget of 1048576 bytes", recorder.Status.Reason, StringComparison.Ordinal);
        Assert.False(recorder.AddGyroSample(1, 0, 0, 0));
        Assert.Equal("session-000001", Path.GetFileName(SessionFolders(_root.Path)[0]));
        // Every accepted frame is listed (a session opened for the refused frame holds only headers).
        Assert.Equal(accepted, SessionFolders(_root.Path).Sum(s => File.ReadAllLines(Path.Combine(s, "frames.csv")).Length - 1));
        Assert.All(SessionFolders(_root.Path).Where(s => File.ReadAllLines(Path.Combine(s, "frames.csv")).Length > 1), s => RecordingFrameIndex.Read(s));
    }

    [Fact]
    public void Stops_On_A_Really_Full_Disk_And_Leaves_Every_Written_File_Valid()
    {
        using var disk = new SmallTmpfs(kibibytes: 1024);
        const int big = 128;
        using var recorder = new FieldRecorder(new FieldRecorderOptions { Root = Path.Combine(disk.Path, "rec"), DiskBudgetBytes = 1L << 30 }, Sessions.Description(), new ManualTime());

        var i = 0;
        while (i < 200 && recorder.AddFrame(++i, i * 1000L, (i * 1000L) + 1, Sessions.Pixels(i, big * big * 3), big, big, big * 3, FramePixelFormat.Rgb24))
        {
            for (var k = 0; k < 20; k++)
                recorder.AddGyroSample((i * 1000L) + k, k, -k, 0.5);
            recorder.Flush();
        }

        Assert.Equal(RecorderState.Stopped, recorder.Status.State);
        Assert.Contains("ENOSPC", recorder.Status.Reason, StringComparison.Ordinal);
        var session = SessionFolders(Path.Combine(disk.Path, "rec"))[0];
        var index = RecordingFrameIndex.Read(session);
        Assert.InRange(index.Count, 2, i - 1);
        var decoder = new PngDecoder();
        var pixels = new byte[big * big * 3];
        foreach (var frame in index)
        {
            decoder.Decode(File.ReadAllBytes(Path.Combine(session, frame.File)), pixels, big * 3, frame.File);
            Assert.Equal(Sessions.Pixels((int)frame.Id, big * big * 3), pixels);
        }
        var gyro = File.ReadAllText(Path.Combine(session, "gyro.csv"));
        Assert.EndsWith("\n", gyro, StringComparison.Ordinal);
        Assert.All(gyro.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1), line => Assert.Equal(4, line.Split(',').Length));
        Assert.Empty(Directory.GetFiles(session, ".*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Repairs_A_Row_Torn_By_A_Power_Cut_When_The_Next_Recorder_Starts()
    {
        using (var recorder = new FieldRecorder(Options(), Sessions.Description()))
        {
            recorder.AddGyroSample(1, 1, 2, 3);
            recorder.Flush();
        }
        var first = SessionFolders(_root.Path)[0];
        File.AppendAllText(Path.Combine(first, "gyro.csv"), "2,0.5,0.");
        File.WriteAllText(Path.Combine(first, "frames", ".000009.png.tmp"), "half a frame");

        using (new FieldRecorder(Options(), Sessions.Description()))
        {
            Assert.Equal("t_ns,wx,wy,wz\n1,1,2,3\n", File.ReadAllText(Path.Combine(first, "gyro.csv")));
            Assert.Empty(Directory.GetFiles(Path.Combine(first, "frames")));
            Assert.Equal("session-000002", Path.GetFileName(SessionFolders(_root.Path)[^1]));
        }
    }

    [Fact]
    public void Refuses_Options_That_Cannot_Work_Naming_The_Setting()
    {
        var e = Assert.Throws<ArgumentException>(() => new FieldRecorder(Options(o => o.RotateAfterFrames = 0), Sessions.Description()));
        Assert.Contains("RotateAfterFrames", e.Message, StringComparison.Ordinal);
    }

    private static string[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
