using System.Net;
using System.Text.Json;
using GyroEdge.Host.Health.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GyroEdge.Host.Health;

/// <summary>
/// Kestrel serving <c>GET /healthz</c> (200 with a small JSON when healthy; 503 with the reasons
/// when degraded or failed) and <c>GET /metrics</c> (Prometheus text format 0.0.4). A component
/// of its own so the host can start it in a stage's StartAsync and stop it on shutdown.
/// </summary>
public sealed class HealthEndpoint : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly HealthEndpointOptions _options;
    private readonly HealthState _health;
    private readonly MetricsRegistry _metrics;
    private WebApplication? _app;

    public HealthEndpoint(HealthEndpointOptions options, HealthState health, MetricsRegistry metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(metrics);
        options.Validate();
        _options = options;
        _health = health;
        _metrics = metrics;
    }

    /// <summary>http://address:port/ once started.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public async Task StartAsync(CancellationToken cancel)
    {
        if (_app is not null)
            throw new InvalidOperationException("The health endpoint is already started.");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Parse(_options.Address), _options.Port));
        var app = builder.Build();
        app.MapGet("/healthz", Healthz);
        app.MapGet("/metrics", (HttpContext context) => Results.Text(_metrics.Render(), MetricsRegistry.ContentType));
        try
        {
            await app.StartAsync(cancel).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"The health endpoint cannot listen on {_options.Address}:{_options.Port}: {e.Message}. Another process may hold the port; choose another Health:Port.", e);
        }
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    public async Task StopAsync(CancellationToken cancel)
    {
        if (_app is { } app)
            await app.StopAsync(cancel).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private IResult Healthz()
    {
        var snapshot = _health.Snapshot();
        var unhealthy = snapshot.Level == HealthLevel.Failed || (snapshot.Level == HealthLevel.Degraded && _options.DegradedIsUnhealthy);
        var body = new
        {
            Status = snapshot.Level.ToString().ToLowerInvariant(),
            Reasons = snapshot.Conditions.Where(c => c.Level != HealthLevel.Healthy).Select(c => $"{c.Component}: {c.Reason}").ToArray(),
            Components = snapshot.Conditions.ToDictionary(c => c.Component, c => c.Level.ToString().ToLowerInvariant()),
        };
        return Results.Json(body, Json, statusCode: unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }
}
