using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Outbox;
using GyroEdge.Messaging.Tests.Support;

namespace GyroEdge.Messaging.Tests.Outbox;

public sealed class OutboxThroughput_Tests
{
    [Fact]
    public async Task Delivers_Every_Frame_Of_A_Run_And_Reports_None_Lost()
    {
        using var broker = LocalMosquittoBroker.Launch(listenerSettings: ["max_queued_messages 0"]);
        using var folder = new TemporaryDirectory("throughput");

        var result = await OutboxThroughput.RunAsync(broker.Host, broker.Port, folder.Path, frames: 50, frameBytes: 20 * 1024, flushToDisk: true, Wait.Reconnect);

        Assert.Equal(50, result.Sent);
        Assert.Equal(50, result.Received);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Evicted);
        Assert.True(result.FramesPerSecond > 0);
        Assert.Equal(result.FramesPerSecond * 20 * 1024 / 1e6, result.MegabytesPerSecond, 6);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }
}
