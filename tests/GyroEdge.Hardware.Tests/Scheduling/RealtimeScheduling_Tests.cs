using GyroEdge.Hardware.Linux.Scheduling;

namespace GyroEdge.Hardware.Tests.Scheduling;

/// <summary>
/// SCHED_FIFO for the calling thread, on the real kernel. The tests run as root here, which holds
/// CAP_SYS_NICE. Each runs on a thread of its own so no pool thread of the test runner is left
/// real-time if an assertion fails before the restore.
/// </summary>
public sealed class RealtimeScheduling_Tests
{
    [Fact]
    public void Entering_Fifo_As_Root_Succeeds_And_The_Kernel_Reports_Fifo_At_That_Priority_Until_Returned_To_Normal()
    {
        var (entered, why, during, after) = OnOwnThread(() =>
        {
            try
            {
                var ok = RealtimeScheduling.TryEnterFifo(20, out var reason);
                var inside = RealtimeScheduling.Current();
                return (ok, reason, inside, default(ThreadScheduling));
            }
            finally
            {
                RealtimeScheduling.TryReturnToNormal(out _);
            }
        }, afterRestore: true);

        Assert.True(entered, why);
        Assert.Equal(ThreadSchedulingPolicy.Fifo, during.Policy);
        Assert.Equal(20, during.Priority);
        Assert.Contains("SCHED_FIFO priority 20", why, StringComparison.Ordinal);
        Assert.Equal(ThreadSchedulingPolicy.Normal, after.Policy);
        Assert.Equal(0, after.Priority);
    }

    [Fact]
    public void Entering_Fifo_Changes_Only_The_Calling_Thread()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var ok = false;
        var why = "";
        var realtime = new Thread(() =>
        {
            try
            {
                ok = RealtimeScheduling.TryEnterFifo(10, out why);
                entered.Set();
                release.Wait();
            }
            finally
            {
                RealtimeScheduling.TryReturnToNormal(out _);
            }
        });
        realtime.Start();
        entered.Wait();
        var mine = RealtimeScheduling.Current();
        release.Set();
        realtime.Join();

        Assert.True(ok, why);
        Assert.NotEqual(ThreadSchedulingPolicy.Fifo, mine.Policy);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void A_Priority_Outside_1_To_99_Is_A_Programming_Error(int priority)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RealtimeScheduling.TryEnterFifo(priority, out _));
    }

    private static (bool Entered, string Why, ThreadScheduling During, ThreadScheduling After) OnOwnThread(
        Func<(bool, string, ThreadScheduling, ThreadScheduling)> body, bool afterRestore)
    {
        (bool, string, ThreadScheduling, ThreadScheduling) result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = body();
                if (afterRestore)
                    result.Item4 = RealtimeScheduling.Current();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
            throw new InvalidOperationException("The scheduling thread failed.", failure);
        return result;
    }
}
