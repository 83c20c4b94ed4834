using System.Net;
using System.Text.Json;
using GyroEdge.Host.Health;
using GyroEdge.Host.Health.Metrics;
using GyroEdge.Host.Recording;
using GyroEdge.TestSupport;

namespace GyroEdge.Host.Tests.Health;

public sealed class HealthEndpoint_Tests : IAsyncLifetime, IDisposable
{
    private readonly HealthState _health = new();
    private readonly PipelineMetrics _metrics = new(new MetricsRegistry());
    private readonly HttpClient _client = new();
    private HealthEndpoint _endpoint = null!;

    public async Task InitializeAsync()
    {
        _endpoint = new HealthEndpoint(new HealthEndpointOptions { Port = FreePort.OnLoopback() }, _health, _metrics.Registry);
        await _endpoint.StartAsync(CancellationToken.None);
        _client.BaseAddress = _endpoint.BaseAddress;
    }

    public async Task DisposeAsync() => await _endpoint.DisposeAsync();

    public void Dispose() => _client.Dispose();

    [Fact]
    public void Listens_On_Loopback_By_Default()
    {
        Assert.Equal("127.0.0.1", _endpoint.BaseAddress.Host);
    }

    [Fact]
    public async Task Healthz_Answers_200_With_Json_When_Every_Part_Is_Healthy()
    {
        _health.Report("gyro", HealthLevel.Healthy);

        using var response = await _client.GetAsync(new Uri("healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("reasons").GetArrayLength());
        Assert.Equal("healthy", json.RootElement.GetProperty("components").GetProperty("gyro").GetString());
    }

    [Fact]
    public async Task Healthz_Answers_503_With_Every_Reason_When_Degraded_Or_Failed()
    {
        _health.Report("engine", HealthLevel.Degraded, "running on the CPU fallback provider");
        _health.ReportRecorder(new RecorderStatus(RecorderState.Stopped, "disk full (ENOSPC)", "session-000003", 10, 100, 4096));

        using var response = await _client.GetAsync(new Uri("healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("failed", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(
            ["engine: running on the CPU fallback provider", "recorder: disk full (ENOSPC)"],
            json.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("failed: engine: running on the CPU fallback provider; recorder: disk full (ENOSPC)", _health.Snapshot().Summary);
    }

    [Fact]
    public async Task Healthz_Recovers_To_200_When_The_Part_Reports_Healthy_Again()
    {
        _health.Report("gyro", HealthLevel.Degraded, "no samples for 200 ms");
        using (var degraded = await _client.GetAsync(new Uri("healthz", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, degraded.StatusCode);

        _health.Report("gyro", HealthLevel.Healthy);

        using var response = await _client.GetAsync(new Uri("healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_Serves_The_Prometheus_Text_Format_With_The_Values_Set()
    {
        _metrics.FramesIn.Increment(42);
        _metrics.FramesDropped.Increment(3);
        _metrics.OutboxBytes.Set(123456);
        _metrics.StageLatency(PipelineStage.Encode).Observe(0.004);
        _metrics.SetModel("CUDA", "deblur \"small\"", "1.0");

        using var response = await _client.GetAsync(new Uri("metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain; version=0.0.4", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Contains("# TYPE gyroedge_frames_in_total counter", lines);
        Assert.Contains("gyroedge_frames_in_total 42", lines);
        Assert.Contains("gyroedge_frames_dropped_total 3", lines);
        Assert.Contains("gyroedge_outbox_bytes 123456", lines);
        Assert.Contains("gyroedge_stage_latency_seconds_bucket{stage=\"encode\",le=\"0.0025\"} 0", lines);
        Assert.Contains("gyroedge_stage_latency_seconds_bucket{stage=\"encode\",le=\"0.005\"} 1", lines);
        Assert.Contains("gyroedge_model_info{provider=\"CUDA\",model=\"deblur \\\"small\\\"\",version=\"1.0\"} 1", lines);
    }

    [Fact]
    public async Task A_Second_Endpoint_On_A_Taken_Port_Says_Which_Port()
    {
        await using var second = new HealthEndpoint(new HealthEndpointOptions { Port = _endpoint.BaseAddress.Port }, _health, _metrics.Registry);

        var e = await Assert.ThrowsAsync<IOException>(() => second.StartAsync(CancellationToken.None));

        Assert.Contains($"127.0.0.1:{_endpoint.BaseAddress.Port}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_An_Address_That_Is_Not_An_Ip()
    {
        var e = Assert.Throws<ArgumentException>(() => new HealthEndpoint(new HealthEndpointOptions { Address = "localhost:80" }, _health, _metrics.Registry));
        Assert.Contains("127.0.0.1", e.Message, StringComparison.Ordinal);
    }
}
