using System.Text.Json;
using System.Text.Json.Nodes;

namespace GyroEdge.Messaging.Telemetry;

/// <summary>
/// Publishes a JSON metrics document every <c>interval</c> on the device's <c>telemetry</c> topic.
/// The document comes from a collect delegate (the device link adds outbox and connection counters,
/// the host its pipeline's). Telemetry is periodic and superseded by the next one, so it is sent at
/// QoS 0 and skipped while disconnected rather than queued.
/// </summary>
public sealed class TelemetryPublisher : IDisposable
{
    private readonly TimeSpan _interval;
    private readonly Func<JsonObject> _collect;
    private readonly Func<byte[], bool> _publish;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private long _published;
    private long _skipped;

    /// <param name="interval">Time between documents.</param>
    /// <param name="collect">Builds the document; called on a pool thread.</param>
    /// <param name="publish">Sends the JSON; returns false when it could not (disconnected).</param>
    public TelemetryPublisher(TimeSpan interval, Func<JsonObject> collect, Func<byte[], bool> publish)
    {
        if (interval < TimeSpan.FromMilliseconds(100))
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "Telemetry more often than every 100 ms would compete with the frames; use seconds.");
        ArgumentNullException.ThrowIfNull(collect);
        ArgumentNullException.ThrowIfNull(publish);
        _interval = interval;
        _collect = collect;
        _publish = publish;
    }

    /// <summary>Collecting or publishing threw; the next period tries again.</summary>
    public event EventHandler<Exception>? Failed;

    public long Published => Interlocked.Read(ref _published);
    public long Skipped => Interlocked.Read(ref _skipped);

    public void Start()
    {
        _loop ??= Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(_interval);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                    PublishNow();
            }
            catch (OperationCanceledException)
            {
                // Disposed.
            }
        });
    }

    /// <summary>Collects and publishes one document now; false when it was skipped or failed.</summary>
    public bool PublishNow()
    {
        try
        {
            var sent = _publish(JsonSerializer.SerializeToUtf8Bytes(_collect()));
            Interlocked.Increment(ref sent ? ref _published : ref _skipped);
            return sent;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _skipped);
            try
            {
                Failed?.Invoke(this, e);
            }
            catch (Exception)
            {
                // Telemetry must never take the device down.
            }
            return false;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Ends by cancellation.
        }
        _stop.Dispose();
    }
}
