using System.Text.Json;
using GyroEdge.Host.Bench;
using GyroEdge.TestSupport;

namespace GyroEdge.Host.Tests.Bench;

/// <summary>`gyroedge bench motion`: what it reports besides time (tests never judge time).</summary>
public sealed class MotionBench_Tests
{
    [Fact]
    public void Building_Frames_From_A_Synthetic_Shake_Allocates_Nothing_And_Every_Frame_Is_Good()
    {
        var report = MotionBenchRun.Execute(new MotionBenchSettings(8, 1000, 50, 500, null), CancellationToken.None);

        Assert.Equal(0, report.AllocatedBytesPerFrame);
        Assert.Equal((500, 0, 0), (report.Good, report.Degraded, report.None));
        // 50 ms at 1 kHz: 51 samples inside, plus the one before the start when it is off-sample.
        Assert.InRange(report.SamplesPerFrame, 51, 52);
        Assert.True(report.MedianUs > 0 && report.P99Us >= report.MedianUs);
    }

    [Fact]
    public void The_Real_Smartphone_Log_Runs_At_Its_Own_Rate()
    {
        var log = new FileInfo(Path.Combine(Repository.SharedData, "gyro", "smartphone_gyro_train.txt"));

        var report = MotionBenchRun.Execute(new MotionBenchSettings(5, 1000, 50, 200, log), CancellationToken.None);

        Assert.InRange(report.GyroRateHz, 209, 212);
        Assert.Equal(200, report.Good);
        Assert.Equal(0, report.AllocatedBytesPerFrame);
    }

    [Fact]
    public async Task The_Json_Carries_The_Figures_The_Issue_Names()
    {
        var report = MotionBenchRun.Execute(new MotionBenchSettings(8, 1000, 50, 100, null), CancellationToken.None);
        var path = Path.Combine(Path.GetTempPath(), $"motion-{Guid.NewGuid():N}.json");
        try
        {
            await MotionBenchRun.WriteJsonAsync(report, path, CancellationToken.None);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            var root = json.RootElement;

            Assert.Equal("motion", root.GetProperty("benchmark").GetString());
            Assert.Equal(8, root.GetProperty("m").GetInt32());
            Assert.Equal(report.MedianUs, root.GetProperty("median_us").GetDouble(), 3);
            Assert.Equal(report.P99Us, root.GetProperty("p99_us").GetDouble(), 3);
            Assert.Equal(0, root.GetProperty("allocated_bytes_per_frame").GetDouble());
            Assert.Equal(100, root.GetProperty("quality").GetProperty("good").GetInt32());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_M_Outside_The_Contract_Is_A_Usage_Error_Naming_The_Option()
    {
        var error = Assert.Throws<ArgumentException>(() => MotionBenchRun.Execute(new MotionBenchSettings(0, 1000, 50, 10, null), CancellationToken.None));

        Assert.Contains("--m 0: M must be 1 to 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Exposure_Longer_Than_The_Gyro_Log_Says_To_Shorten_It()
    {
        // One second of a 200 Hz log cannot hold a 950 ms exposure plus the margins.
        var path = Path.Combine(Path.GetTempPath(), $"gyro-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, Enumerable.Range(0, 201).Select(i => $"{1_000_000_000L + (i * 5_000_000L)} 0.1 0.2 0.3"));
        try
        {
            var error = Assert.Throws<ArgumentException>(() => MotionBenchRun.Execute(new MotionBenchSettings(8, 1000, 950, 10, new FileInfo(path)), CancellationToken.None));

            Assert.Contains("A 950 ms exposure does not fit in the 1.00 s of gyro samples; use a shorter --exposure-ms", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_Malformed_Gyro_Log_Names_The_Line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gyro-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, ["1000 0.1 0.2 0.3", "2000 0.1 0.2"]);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => MotionBenchRun.Execute(new MotionBenchSettings(8, 1000, 50, 10, new FileInfo(path)), CancellationToken.None));

            Assert.Contains($"{path} line 2: expected 'timestamp_ns wx wy wz'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
