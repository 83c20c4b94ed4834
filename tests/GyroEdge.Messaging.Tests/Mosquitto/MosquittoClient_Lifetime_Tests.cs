using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Tests.Support;
using GyroEdge.TestSupport;

namespace GyroEdge.Messaging.Tests.Mosquitto;

/// <summary>
/// Counts libmosquitto network threads ("mosquitto loop", the name mosquitto_loop_start gives them)
/// in this process, so it must not run beside other tests that create clients.
/// </summary>
[CollectionDefinition(nameof(ProcessWideThreadChecks), DisableParallelization = true)]
public sealed class ProcessWideThreadChecks;

[Collection(nameof(ProcessWideThreadChecks))]
public sealed class MosquittoClient_Lifetime_Tests : IClassFixture<LocalMosquittoBroker>
{
    private readonly LocalMosquittoBroker _broker;

    public MosquittoClient_Lifetime_Tests(LocalMosquittoBroker broker) => _broker = broker;

    [Fact]
    public async Task Dispose_While_Connected_Disconnects_Cleanly_Ends_The_Network_Thread_And_Raises_Nothing_After()
    {
        var topic = Topics.Unique("dispose");
        var threadsBefore = NetworkThreads();
        var options = TestClients.OptionsFor(_broker);
        var client = new MosquittoClient(options);
        await client.ConnectAsync(Wait.Timeout);
        await client.SubscribeAsync(topic);
        var disposed = false;
        var eventsAfterDispose = 0;
        void Count() { if (Volatile.Read(ref disposed)) Interlocked.Increment(ref eventsAfterDispose); }
        client.MessageReceived += (_, _) => Count();
        client.Disconnected += (_, _) => Count();
        client.Connected += (_, _) => Count();
        var threadsWhileConnected = NetworkThreads();

        client.Dispose();
        Volatile.Write(ref disposed, true);
        var threadsAfter = NetworkThreads();
        // A message for the disposed client's subscription reaches an observer, so it went through the broker.
        using var observer = await TestClients.ConnectedAsync(_broker);
        var inbox = new MessageInbox(observer);
        await observer.SubscribeAsync(topic);
        using var publisher = await TestClients.ConnectedAsync(_broker);
        publisher.Publish(topic, "anyone?"u8);
        await inbox.NextAsync(topic);

        Assert.Equal(threadsBefore + 1, threadsWhileConnected);
        Assert.Equal(threadsBefore, threadsAfter);
        Assert.Equal(0, Volatile.Read(ref eventsAfterDispose));
        Assert.Contains($"Client {options.ClientId} disconnected.", _broker.ReadLog(), StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => client.Publish(topic, "late"u8));
    }

    [Fact]
    public async Task Dispose_From_Inside_A_Handler_Finishes_Once_The_Handler_Returns()
    {
        var topic = Topics.Unique("dispose-in-handler");
        using var publisher = await TestClients.ConnectedAsync(_broker);
        var threadsBefore = NetworkThreads();
        var client = await TestClients.ConnectedAsync(_broker);
        var handlerReturned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = 0;
        client.HandlerFailed += (_, _) => Interlocked.Increment(ref failures);
        client.MessageReceived += (_, _) =>
        {
            // Publishing first makes libmosquitto call on_log inside this handler: the nested
            // callback must not make Dispose forget that it runs on the network thread.
            client.Publish(topic + "/ack", "stopping"u8);
            client.Dispose();
            handlerReturned.TrySetResult();
        };
        await client.SubscribeAsync(topic);

        publisher.Publish(topic, "stop"u8);
        await handlerReturned.Task.WaitAsync(Wait.Timeout);
        await Wait.UntilAsync(() => NetworkThreads() == threadsBefore, "the network thread to end after a Dispose from its own handler");

        Assert.Equal(0, failures);
    }

    [Fact]
    public async Task Disconnect_From_Inside_A_Handler_Is_Reported_Instead_Of_Deadlocking()
    {
        var topic = Topics.Unique("disconnect-in-handler");
        using var client = await TestClients.ConnectedAsync(_broker);
        var failure = new TaskCompletionSource<MqttHandlerFailedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.HandlerFailed += (_, e) => failure.TrySetResult(e);
        client.MessageReceived += (_, _) => client.Disconnect();
        await client.SubscribeAsync(topic);
        using var publisher = await TestClients.ConnectedAsync(_broker);

        publisher.Publish(topic, "stop"u8);
        var reported = await failure.Task.WaitAsync(Wait.Timeout);

        Assert.Equal("MessageReceived", reported.EventName);
        Assert.Contains("network thread", Assert.IsType<InvalidOperationException>(reported.Exception).Message, StringComparison.Ordinal);
        Assert.True(client.IsConnected);
    }

    private static int NetworkThreads() =>
        Directory.EnumerateDirectories("/proc/self/task")
            .Count(task => File.Exists(Path.Combine(task, "comm")) && ReadComm(task) == "mosquitto loop");

    private static string ReadComm(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
        }
        catch (IOException)
        {
            return ""; // the thread ended between listing and reading
        }
    }
}
