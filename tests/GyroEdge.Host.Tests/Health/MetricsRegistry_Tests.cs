using GyroEdge.Host.Health.Metrics;

namespace GyroEdge.Host.Tests.Health;

public sealed class MetricsRegistry_Tests
{
    private static KeyValuePair<string, string> L(string name, string value) => new(name, value);

    [Fact]
    public void Renders_Counters_And_Gauges_Under_One_Help_And_Type_Line_Per_Name()
    {
        var registry = new MetricsRegistry();
        var inbound = registry.Counter("frames_total", "Frames seen.", L("direction", "in"));
        var outbound = registry.Counter("frames_total", "Frames seen.", L("direction", "out"));
        var depth = registry.Gauge("outbox_frames", "Waiting frames.");
        inbound.Increment(5);
        outbound.Increment();
        depth.Set(2.5);

        Assert.Equal(
            "# HELP frames_total Frames seen.\n# TYPE frames_total counter\nframes_total{direction=\"in\"} 5\nframes_total{direction=\"out\"} 1\n"
            + "# HELP outbox_frames Waiting frames.\n# TYPE outbox_frames gauge\noutbox_frames 2.5\n",
            registry.Render());
    }

    [Fact]
    public void Renders_Histogram_Buckets_Cumulatively_With_Sum_And_Count()
    {
        var registry = new MetricsRegistry();
        var latency = registry.Histogram("latency_seconds", "Stage time.", [0.01, 0.1], new KeyValuePair<string, string>("stage", "encode"));
        latency.Observe(0.005);
        latency.Observe(0.01); // a bound is inclusive: le means "less or equal"
        latency.Observe(0.05);
        latency.Observe(3);

        Assert.Equal(
            "# HELP latency_seconds Stage time.\n# TYPE latency_seconds histogram\n"
            + "latency_seconds_bucket{stage=\"encode\",le=\"0.01\"} 2\n"
            + "latency_seconds_bucket{stage=\"encode\",le=\"0.1\"} 3\n"
            + "latency_seconds_bucket{stage=\"encode\",le=\"+Inf\"} 4\n"
            + "latency_seconds_sum{stage=\"encode\"} 3.065\n"
            + "latency_seconds_count{stage=\"encode\"} 4\n",
            registry.Render());
    }

    [Fact]
    public void Escapes_Backslash_Quote_And_Newline_In_Label_Values_And_Help()
    {
        var registry = new MetricsRegistry();
        var info = registry.Info("model_info", "Model\nand \\provider.", L("model", "x"));
        info.Set(L("model", "C:\\models\\\"deblur\"\nv2"));

        var lines = registry.Render().Split('\n');

        Assert.Equal("# HELP model_info Model\\nand \\\\provider.", lines[0]);
        Assert.Equal("model_info{model=\"C:\\\\models\\\\\\\"deblur\\\"\\nv2\"} 1", lines[2]);
    }

    [Fact]
    public void Updates_Allocate_Nothing()
    {
        var registry = new MetricsRegistry();
        var counter = registry.Counter("c_total", "c");
        var gauge = registry.Gauge("g", "g");
        var histogram = registry.Histogram("h", "h", [1, 2, 3]);
        counter.Increment();
        gauge.Add(1);
        histogram.Observe(1.5);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            counter.Increment();
            gauge.Set(i);
            gauge.Add(0.5);
            histogram.Observe(i % 5);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(10_001, counter.Value);
        Assert.Equal(10_001, histogram.Count);
    }

    [Theory]
    [InlineData("frames-total")]
    [InlineData("9lives")]
    [InlineData("")]
    public void Refuses_A_Name_Prometheus_Cannot_Parse(string name)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new MetricsRegistry().Counter(name, "x"));
        Assert.Contains("name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_A_Second_Series_With_The_Same_Labels()
    {
        var registry = new MetricsRegistry();
        registry.Gauge("g", "g", L("a", "1"));

        var e = Assert.Throws<ArgumentException>(() => registry.Gauge("g", "g", L("a", "1")));
        Assert.Contains("already registered", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_Metrics_Name_Every_Stage_And_The_Running_Model()
    {
        var metrics = new PipelineMetrics(new MetricsRegistry());
        metrics.StageLatency(PipelineStage.Inference).Observe(0.02);
        metrics.SetModel("TensorRT", "gyrodeblur-s", "1.2.0");

        var text = metrics.Registry.Render();

        Assert.Contains("gyroedge_stage_latency_seconds_count{stage=\"inference\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("gyroedge_stage_latency_seconds_count{stage=\"publish\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("gyroedge_model_info{provider=\"TensorRT\",model=\"gyrodeblur-s\",version=\"1.2.0\"} 1\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l == "# TYPE gyroedge_stage_latency_seconds histogram");
    }
}
