namespace GyroEdge.Host.Pipeline;

/// <summary>
/// The first stage failure, kept so that `gyroedge run` can exit with the code and message of
/// what went wrong after the host has stopped (a failed stage stops the host: no half-alive daemon).
/// </summary>
public sealed class PipelineFailures
{
    private readonly Lock _gate = new();
    private (string Stage, Exception Error)? _first;

    public (string Stage, Exception Error)? First
    {
        get
        {
            lock (_gate)
                return _first;
        }
    }

    public void Report(string stage, Exception error)
    {
        lock (_gate)
            _first ??= (stage, error);
    }
}
