namespace GyroEdge.Messaging.Mosquitto;

/// <summary>
/// Matches SUBACK/UNSUBACK callbacks to the callers awaiting them by message id. The broker's answer
/// can reach the network thread before mosquitto_subscribe_v5 has even returned the id to the
/// caller, so an answer nobody waits for yet is kept until the caller asks for it.
/// </summary>
internal sealed class PendingAcknowledgements<T>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, TaskCompletionSource<T>> _waiting = [];
    private readonly Dictionary<int, T> _early = [];
    private int _epoch;

    /// <summary>Changes whenever pending requests are failed; read it before the native call.</summary>
    public int Epoch
    {
        get
        {
            lock (_gate)
                return _epoch;
        }
    }

    /// <summary>
    /// The answer to request <paramref name="messageId"/>, issued at <paramref name="epoch"/>. Fails
    /// at once when the connection dropped in between, since that answer can no longer come.
    /// </summary>
    public Task<T> WaitFor(int messageId, int epoch, Func<Exception> lostConnection)
    {
        lock (_gate)
        {
            if (_early.Remove(messageId, out var result))
                return Task.FromResult(result);
            if (epoch != _epoch)
                return Task.FromException<T>(lostConnection());
            var waiter = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[messageId] = waiter;
            return waiter.Task;
        }
    }

    /// <summary>Stops waiting for <paramref name="messageId"/> (the caller gave up).</summary>
    public void Forget(int messageId)
    {
        lock (_gate)
            _waiting.Remove(messageId);
    }

    public void Complete(int messageId, T result)
    {
        TaskCompletionSource<T>? waiter;
        lock (_gate)
        {
            if (!_waiting.Remove(messageId, out waiter))
            {
                _early[messageId] = result;
                return;
            }
        }
        waiter.TrySetResult(result);
    }

    /// <summary>Fails every pending request (the connection dropped or the client was disposed).</summary>
    public void FailAll(Exception exception)
    {
        TaskCompletionSource<T>[] waiters;
        lock (_gate)
        {
            _epoch++;
            waiters = [.. _waiting.Values];
            _waiting.Clear();
            _early.Clear();
        }
        foreach (var waiter in waiters)
            waiter.TrySetException(exception);
    }
}
