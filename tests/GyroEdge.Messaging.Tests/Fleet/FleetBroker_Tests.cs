using System.Text;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Tests.Support;

namespace GyroEdge.Messaging.Tests.Fleet;

/// <summary>
/// firmware-config/mosquitto as shipped: TLS with client certificates from make-certs.sh, the CN as
/// user name, and the ACL confining each device to its own topics, on a real mosquitto.
/// </summary>
public sealed class FleetBroker_Tests : IDisposable
{
    private const string DeviceA = "cam-a";
    private const string DeviceB = "cam-b";
    private readonly FleetPki _pki = FleetPki.Create(DeviceA, DeviceB);
    private readonly LocalMosquittoBroker _broker;
    private readonly TemporaryDirectory _folder = new("fleet-broker");

    public FleetBroker_Tests()
    {
        _broker = LocalMosquittoBroker.Launch(listenerSettings: FleetPki.BrokerSettings(_pki), allowAnonymous: false);
    }

    public void Dispose()
    {
        _broker.Dispose();
        _pki.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_Device_Publishes_Its_Frames_And_A_Fleet_Consumer_Receives_Them()
    {
        using var consumer = await ConnectedAsync(FleetPki.Consumer);
        var inbox = new MessageInbox(consumer);
        await consumer.SubscribeAsync("gyroedge/v1/+/frame");
        using var link = new DeviceLink(LinkOptions(DeviceA, DeviceA));

        await link.ConnectAsync(Wait.Timeout);
        link.PublishFrame(Frames.Metadata(DeviceA, 1), Frames.Payload(1));
        var frame = await inbox.NextAsync($"gyroedge/v1/{DeviceA}/frame");

        Assert.Equal(Frames.Payload(1), frame.Payload.ToArray());
        await Wait.UntilAsync(() => link.Outbox.Acknowledged == 1, "the frame acknowledged");
        Assert.Equal(0, link.Outbox.Rejected);
    }

    [Fact]
    public async Task A_Device_Cannot_Publish_As_Another_Device_And_The_Outbox_Counts_The_Refusal()
    {
        using var consumer = await ConnectedAsync(FleetPki.Consumer);
        var inbox = new MessageInbox(consumer);
        await consumer.SubscribeAsync("gyroedge/v1/+/frame");
        var problems = new List<string>();
        // cam-a's certificate, claiming to be cam-b.
        using var impostor = new DeviceLink(LinkOptions(DeviceB, certificate: DeviceA));
        impostor.Problem += (_, p) =>
        {
            lock (problems)
                problems.Add(p);
        };

        await impostor.ConnectAsync(Wait.Timeout);
        impostor.PublishFrame(Frames.Metadata(DeviceB, 1), Frames.Payload(1));
        await Wait.UntilAsync(() => impostor.Outbox.Rejected == 1, "the broker's refusal");
        using var honest = new DeviceLink(LinkOptions(DeviceA, DeviceA, _folder.Combine("honest")));
        await honest.ConnectAsync(Wait.Timeout);
        honest.PublishFrame(Frames.Metadata(DeviceA, 2), Frames.Payload(2));
        var first = await inbox.NextAsync($"gyroedge/v1/{DeviceA}/frame");

        // mosquitto answers the unauthorised QoS 1 PUBLISH with PUBACK reason 0x87 and drops it.
        Assert.Equal(2, BitConverter.ToInt64(first.Payload.Span));
        Assert.DoesNotContain(inbox.All, m => m.Topic.Contains(DeviceB, StringComparison.Ordinal));
        Assert.Equal(0, impostor.Outbox.Depth);
        lock (problems)
            Assert.Contains(problems, p => p.Contains("reason 135, not authorized", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_The_Addressed_Device_Receives_A_Command_And_The_Consumer_Gets_The_Result()
    {
        using var linkA = new DeviceLink(LinkOptions(DeviceA, DeviceA));
        await linkA.ConnectAsync(Wait.Timeout);
        // cam-b listens in on cam-a's commands: the broker grants the subscription but never delivers.
        using var eavesdropper = await ConnectedAsync(DeviceB);
        var overheard = new MessageInbox(eavesdropper);
        await eavesdropper.SubscribeAsync($"gyroedge/v1/{DeviceA}/cmd/+");
        using var consumer = await ConnectedAsync(FleetPki.Consumer);
        var results = new MessageInbox(consumer);
        await consumer.SubscribeAsync($"gyroedge/v1/{DeviceA}/cmd/+/result");

        consumer.Publish($"gyroedge/v1/{DeviceA}/cmd/status", "{}"u8, MqttQos.AtLeastOnce, retain: false, new MqttPublishProperties { CorrelationData = "r1"u8.ToArray() });
        var result = await results.NextAsync($"gyroedge/v1/{DeviceA}/cmd/status/result");
        await Task.Delay(200);

        Assert.Contains("\"ok\":true", Encoding.UTF8.GetString(result.Payload.Span), StringComparison.Ordinal);
        Assert.Equal("r1"u8.ToArray(), result.Properties.CorrelationData.ToArray());
        Assert.Empty(overheard.All);
    }

    [Fact]
    public async Task A_Wrong_Ca_Fails_With_A_Tls_Error_That_Names_The_Ca_File()
    {
        using var other = FleetPki.Other();
        var options = LinkOptions(DeviceA, DeviceA);
        options.Mqtt.Tls!.CaFile = other.CaFile;
        using var link = new DeviceLink(options);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => link.ConnectAsync(Wait.Timeout));

        Assert.Equal(MosquittoErrorCode.Tls, error.ErrorCode);
        Assert.Contains("certificate verify failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("Tls.CaFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Device_Certificate_From_Another_Ca_Is_Refused_With_A_Clear_Error()
    {
        using var rogue = FleetPki.Other(DeviceA);
        var options = LinkOptions(DeviceA, DeviceA);
        options.Mqtt.Tls!.CertificateFile = rogue.CertificateOf(DeviceA);
        options.Mqtt.Tls.KeyFile = rogue.KeyOf(DeviceA);
        using var link = new DeviceLink(options);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => link.ConnectAsync(Wait.Timeout));

        Assert.Equal(MosquittoErrorCode.Tls, error.ErrorCode);
        Assert.Contains("Tls.CertificateFile and KeyFile are set and signed by the CA in the broker's cafile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Client_Without_A_Certificate_Is_Refused()
    {
        var options = LinkOptions(DeviceA, DeviceA);
        options.Mqtt.Tls!.CertificateFile = null;
        options.Mqtt.Tls.KeyFile = null;
        using var link = new DeviceLink(options);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => link.ConnectAsync(Wait.Timeout));

        Assert.Equal(MosquittoErrorCode.Tls, error.ErrorCode);
        Assert.Contains("Tls.CertificateFile and KeyFile are set and signed by the CA in the broker's cafile", error.Message, StringComparison.Ordinal);
    }

    private DeviceLinkOptions LinkOptions(string device, string certificate, string? outbox = null)
    {
        var options = DeviceLinks.Options(_broker, device, outbox ?? _folder.Combine(device + "-" + certificate));
        options.Mqtt.Host = "127.0.0.1";
        options.Mqtt.Tls = new MqttTlsOptions
        {
            CaFile = _pki.CaFile,
            CertificateFile = _pki.CertificateOf(certificate),
            KeyFile = _pki.KeyOf(certificate),
        };
        return options;
    }

    private async Task<MosquittoClient> ConnectedAsync(string certificate) =>
        await TestClients.ConnectedAsync(_broker, options => options.Tls = new MqttTlsOptions
        {
            CaFile = _pki.CaFile,
            CertificateFile = _pki.CertificateOf(certificate),
            KeyFile = _pki.KeyOf(certificate),
        });
}
