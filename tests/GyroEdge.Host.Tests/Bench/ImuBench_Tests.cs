using System.Text.Json;
using GyroEdge.Host.Bench;

namespace GyroEdge.Host.Tests.Bench;

/// <summary>`gyroedge bench imu`: whether its reader thread ran real-time, in the summary and the JSON (never its timing).</summary>
public sealed class ImuBench_Tests
{
    [Fact]
    public void As_Root_The_Reader_Runs_Under_Sched_Fifo_By_Default_And_Says_So()
    {
        var report = ImuBenchRun.Execute(Settings("auto"), CancellationToken.None);

        Assert.True(report.Realtime, report.RealtimeReason);
        Assert.Contains("SCHED_FIFO priority 20", report.RealtimeReason, StringComparison.Ordinal);
        Assert.Contains("reader thread: real-time (SCHED_FIFO priority 20", report.Describe(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(report.ToJson());
        Assert.True(json.RootElement.GetProperty("realtime").GetBoolean());
        Assert.Contains("SCHED_FIFO", json.RootElement.GetProperty("realtime_reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void With_Realtime_Off_The_Reader_Keeps_Normal_Scheduling_And_Says_Why()
    {
        var report = ImuBenchRun.Execute(Settings("off"), CancellationToken.None);

        Assert.False(report.Realtime);
        Assert.Equal("--realtime off", report.RealtimeReason);
        using var json = JsonDocument.Parse(report.ToJson());
        Assert.False(json.RootElement.GetProperty("realtime").GetBoolean());
        Assert.True(report.Received > 0);
    }

    // A short 1 kHz run (the shared log, else a sinusoid): enough to start the reader; the figures are not judged.
    private static ImuBenchSettings Settings(string realtime) =>
        new("icm42688", 1000, 0.3, TracePath: null, Interrupt: false, BatchMs: 5, ClockErrorPpm: 0, Realtime: realtime);
}
