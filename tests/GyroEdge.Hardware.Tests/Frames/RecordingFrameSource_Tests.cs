using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Frames;

namespace GyroEdge.Hardware.Tests.Frames;

public sealed class RecordingFrameSource_Tests : IDisposable
{
    private const long T0 = 5_000_000_000;
    private static readonly string[] Images = ["rgb8_filter0", "rgb8_filter1", "rgb8_filter2", "rgb8_filter3", "rgb8_filter4"];

    private readonly string _folder = Directory.CreateTempSubdirectory("gyroedge-recording-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A recording of the five filter fixtures, 33 ms apart, 20 ms exposures; ids as given.</summary>
    private void WriteRecording(long[]? ids = null, string? header = null, Func<int, string>? file = null)
    {
        ids ??= [0, 1, 2, 3, 4];
        Directory.CreateDirectory(Path.Combine(_folder, "frames"));
        var lines = new List<string> { header ?? "id,exposure_start_ns,exposure_end_ns,file,sharp_file" };
        for (var i = 0; i < ids.Length; i++)
        {
            var name = $"frames/{ids[i]:D6}.png";
            File.Copy(PngFixtures.Path(Images[i % Images.Length]), Path.Combine(_folder, name), overwrite: true);
            var start = T0 + (ids[i] * 33_000_000);
            lines.Add($"{ids[i]},{start},{start + 20_000_000},{file?.Invoke(i) ?? name},");
        }
        File.WriteAllLines(Path.Combine(_folder, "frames.csv"), lines);
    }

    [Fact]
    public void Replays_Every_Frame_With_Its_Pixels_Timestamp_And_Exposure()
    {
        WriteRecording();
        using var source = RecordingFrameSource.Open(_folder, new RecordingReplayOptions { ReadoutNs = 15_000_000 });

        Assert.Equal(FrameFormat.Packed(FramePixelFormat.Rgb24, 13, 7), source.Format);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(source.TryReadFrame(TimeSpan.Zero, out var frame));
            using (frame)
            {
                Assert.Equal(i, frame.Sequence);
                Assert.Equal(T0 + (i * 33_000_000L), frame.TimestampNs);
                Assert.Equal(FrameTimestampSource.StartOfExposure, frame.TimestampSource);
                Assert.Equal(new ExposureWindow(i, T0 + (i * 33_000_000L), T0 + (i * 33_000_000L) + 20_000_000, 15_000_000), frame.Exposure);
                Assert.Equal(PngFixtures.Expected(Images[i]), frame.Data.ToArray());
            }
        }
        Assert.True(source.IsFinished);
        Assert.False(source.TryReadFrame(TimeSpan.Zero, out _));
        Assert.Equal(0, source.DroppedFrames);
    }

    [Fact]
    public void Gaps_In_The_Recorded_Ids_Count_As_Dropped_Frames()
    {
        WriteRecording([3, 4, 7, 8, 12]);
        using var source = RecordingFrameSource.Open(_folder);

        while (source.TryReadFrame(TimeSpan.Zero, out var frame))
            frame.Dispose();

        Assert.Equal(5, source.DroppedFrames);
    }

    [Fact]
    public void Paced_Replay_Waits_For_The_Clock_To_Cover_The_Recorded_Interval()
    {
        WriteRecording();
        var clock = new ManualMonotonicClock(1_000_000_000_000);
        using var source = RecordingFrameSource.Open(_folder, new RecordingReplayOptions { PaceClock = clock });

        Assert.True(source.TryReadFrame(TimeSpan.FromSeconds(1), out var first));
        first.Dispose();
        Assert.False(source.TryReadFrame(TimeSpan.FromSeconds(1), out _));
        clock.Advance(32_999_999);
        Assert.False(source.TryReadFrame(TimeSpan.FromSeconds(1), out _));
        clock.Advance(1);

        Assert.True(source.TryReadFrame(TimeSpan.Zero, out var second));
        Assert.Equal(1, second.Sequence);
        second.Dispose();
    }

    [Fact]
    public void With_Every_Buffer_Held_The_Next_Frame_Is_Dropped_And_Counted()
    {
        WriteRecording();
        using var source = RecordingFrameSource.Open(_folder, new RecordingReplayOptions { PoolFrames = 1 });
        Assert.True(source.TryReadFrame(TimeSpan.Zero, out var held));

        Assert.False(source.TryReadFrame(TimeSpan.Zero, out _));
        held.Dispose();
        Assert.True(source.TryReadFrame(TimeSpan.Zero, out var next));

        Assert.Equal(1, source.DroppedFrames);
        Assert.Equal(2, next.Sequence);
        next.Dispose();
    }

    [Fact]
    public void A_Frame_Of_Another_Size_Is_Refused_Naming_Both()
    {
        WriteRecording();
        File.Copy(PngFixtures.Path("grey8"), Path.Combine(_folder, "frames/000002.png"), overwrite: true);
        using var source = RecordingFrameSource.Open(_folder);
        source.TryReadFrame(TimeSpan.Zero, out var a);
        source.TryReadFrame(TimeSpan.Zero, out var b);
        a!.Dispose();
        b!.Dispose();

        var error = Assert.Throws<InvalidDataException>(() => source.TryReadFrame(TimeSpan.Zero, out _));

        Assert.Contains("000002.png is 13x7 Grey; the recording's first frame is 13x7 Rgb24", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Missing_Index_Says_What_A_Recording_Holds()
    {
        var error = Assert.Throws<FileNotFoundException>(() => RecordingFrameSource.Open(_folder));

        Assert.Contains("frames.csv does not exist: a recording folder holds session.json, gyro.csv, frames.csv and frames/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Index_Without_The_Exposure_Columns_Names_Them()
    {
        WriteRecording(header: "id,start,end,file,sharp_file");

        var error = Assert.Throws<InvalidDataException>(() => RecordingFrameSource.Open(_folder));

        Assert.Contains("lacks exposure_start_ns, exposure_end_ns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_File_Outside_The_Recording_Is_Refused()
    {
        WriteRecording(file: i => i == 1 ? "../elsewhere.png" : $"frames/{i:D6}.png");

        var error = Assert.Throws<InvalidDataException>(() => RecordingFrameSource.Open(_folder));

        Assert.Contains("frames.csv:3: file '../elsewhere.png' must be a path inside the recording folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_That_Do_Not_Increase_Are_Refused()
    {
        using var reader = new StringReader("id,exposure_start_ns,exposure_end_ns,file\n4,10,20,a.png\n4,30,40,b.png\n");

        var error = Assert.Throws<InvalidDataException>(() => RecordingFrameIndex.Parse(reader, "frames.csv"));

        Assert.Contains("frames.csv:3: id 4 does not follow 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Index_Keeps_The_Sharp_Ground_Truth_Of_Synthetic_Sets()
    {
        using var reader = new StringReader("file,id,sharp_file,exposure_end_ns,exposure_start_ns\nframes/1.png,1,sharp/1.png,20,10\n");

        var frame = Assert.Single(RecordingFrameIndex.Parse(reader, "frames.csv"));

        Assert.Equal(new RecordedFrame(1, 10, 20, "frames/1.png", "sharp/1.png"), frame);
    }
}
