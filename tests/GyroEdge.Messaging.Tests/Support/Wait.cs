using System.Diagnostics;

namespace GyroEdge.Messaging.Tests.Support;

/// <summary>How long a test waits for something the broker or the network thread does.</summary>
internal static class Wait
{
    /// <summary>Generous for loopback (events arrive in milliseconds), short enough that a hang fails fast.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Covers a broker restart plus libmosquitto's one-second reconnect delay.</summary>
    public static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(15);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> otherwise.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
                Assert.Fail($"Waited {limit.TotalSeconds} s for {what}.");
            await Task.Delay(10);
        }
    }
}
