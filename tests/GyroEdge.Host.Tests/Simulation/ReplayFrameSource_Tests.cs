using System.Globalization;
using GyroEdge.Hardware.Frames;
using GyroEdge.Host.Simulation;
using GyroEdge.TestSupport;
using Xunit;

namespace GyroEdge.Host.Tests.Simulation;

public sealed class ReplayFrameSource_Tests
{
    private static readonly string Fixture = Path.Combine(Repository.Root, "tests", "GyroEdge.Hardware.Tests", "Frames", "Fixtures", "trainer_recording");

    [Fact]
    public void Each_Replayed_Frame_Carries_The_Intrinsics_Its_Row_Of_Frames_Csv_Gives()
    {
        // Read straight from the CSV text, not through the reader under test.
        var rows = File.ReadAllLines(Path.Combine(Fixture, "frames.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(c => (Fx: double.Parse(c[5], CultureInfo.InvariantCulture), Cx: double.Parse(c[7], CultureInfo.InvariantCulture), Cy: double.Parse(c[8], CultureInfo.InvariantCulture)))
            .ToArray();
        Assert.True(rows.Select(r => r.Fx).Distinct().Count() > 1, "the fixture should have frames with different focal lengths");

        var schedule = new ReplaySchedule(RecordingFrameIndex.Read(Fixture), frameRateHz: 15, readoutNs: 0);
        using var source = new ReplayFrameSource(Fixture, schedule, poolFrames: 2);
        for (var i = 0; i < rows.Length + 1; i++)  // one past the end: the loop starts over with row 0
        {
            FrameBuffer? frame = null;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (frame is null && DateTime.UtcNow < deadline)
                source.TryReadFrame(TimeSpan.FromMilliseconds(50), out frame);
            Assert.NotNull(frame);
            using (frame)
            {
                var expected = rows[i % rows.Length];
                var k = Assert.IsType<GyroEdge.Domain.Camera.CameraIntrinsics>(source.LastIntrinsics);
                Assert.Equal((expected.Fx, expected.Cx, expected.Cy), (k.Fx, k.Cx, k.Cy));
            }
        }
    }
}
