using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Tests.Support;
using GyroEdge.TestSupport;

namespace GyroEdge.Messaging.Tests.Mosquitto;

public sealed class MosquittoClient_Connection_Tests : IClassFixture<LocalMosquittoBroker>
{
    private readonly LocalMosquittoBroker _broker;

    public MosquittoClient_Connection_Tests(LocalMosquittoBroker broker) => _broker = broker;

    [Fact]
    public async Task Connects_With_Mqtt5_And_Raises_Connected_When_The_Broker_Accepts()
    {
        var options = TestClients.OptionsFor(_broker);
        using var client = new MosquittoClient(options);
        var connected = new TaskCompletionSource<MqttConnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connected += (_, e) => connected.TrySetResult(e);

        await client.ConnectAsync(Wait.Timeout);

        Assert.True(client.IsConnected);
        var args = await connected.Task.WaitAsync(Wait.Timeout);
        Assert.False(args.SessionPresent);
        // mosquitto logs "New client connected from ... as <id> (p5, c1, k10)": protocol 5, clean start, keepalive 10.
        await Wait.UntilAsync(() => _broker.ReadLog().Contains($"as {options.ClientId} (p5, c1, k10)", StringComparison.Ordinal),
            "the broker to log the MQTT 5 connection");
    }

    [Fact]
    public async Task Fails_With_A_Clear_Error_When_No_Broker_Listens_On_The_Port()
    {
        var port = FreePort.OnLoopback();
        using var client = new MosquittoClient(new MqttClientOptions { Host = "127.0.0.1", Port = port, ClientId = "nobody-home" });

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(Wait.Timeout));

        Assert.StartsWith($"could not connect to 127.0.0.1:{port}: Connection refused; is the broker running?", error.Message, StringComparison.Ordinal);
        Assert.Equal(MosquittoErrorCode.Errno, error.ErrorCode);
        Assert.Equal(111, error.Errno); // ECONNREFUSED
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Reports_A_Refused_Connack_With_The_Brokers_Reason()
    {
        using var strictBroker = LocalMosquittoBroker.Launch(allowAnonymous: false);
        using var client = new MosquittoClient(TestClients.OptionsFor(strictBroker));
        var failed = new TaskCompletionSource<MqttConnectionFailedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionFailed += (_, e) => failed.TrySetResult(e);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(Wait.Timeout));

        Assert.Equal(MosquittoErrorCode.ConnectionRefused, error.ErrorCode);
        Assert.Equal(135, error.ReasonCode); // MQTT_RC_NOT_AUTHORIZED
        Assert.Contains("refused the connection: Not authorized (CONNACK reason 135)", error.Message, StringComparison.Ordinal);
        Assert.Same(error, (await failed.Task.WaitAsync(Wait.Timeout)).Exception);
    }

    [Fact]
    public async Task Disconnect_Raises_A_Requested_Disconnected_And_Start_Connects_Again()
    {
        using var client = await TestClients.ConnectedAsync(_broker);
        var disconnected = new TaskCompletionSource<MqttDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);

        client.Disconnect();

        var args = await disconnected.Task.WaitAsync(Wait.Timeout);
        Assert.True(args.WasRequested);
        Assert.False(client.IsConnected);

        await client.ConnectAsync(Wait.Timeout);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task WaitForConnectAsync_Before_Start_Says_The_Client_Is_Not_Started()
    {
        using var client = new MosquittoClient(TestClients.OptionsFor(_broker));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.WaitForConnectAsync(Wait.Timeout));

        Assert.Contains("call Start or ConnectAsync first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Twice_Without_Disconnect_Is_Refused()
    {
        using var client = await TestClients.ConnectedAsync(_broker);

        var error = Assert.Throws<InvalidOperationException>(client.Start);

        Assert.Contains("already started", error.Message, StringComparison.Ordinal);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public void Reports_The_Loaded_libmosquitto_Version()
    {
        Assert.Equal(new Version(2, 0, 11), MosquittoClient.LibraryVersion);
    }
}
