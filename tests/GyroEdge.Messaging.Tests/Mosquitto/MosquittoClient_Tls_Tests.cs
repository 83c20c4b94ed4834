using System.Text;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Tests.Support;
using GyroEdge.TestSupport;

namespace GyroEdge.Messaging.Tests.Mosquitto;

public sealed class MosquittoClient_Tls_Tests
{
    [Fact]
    public async Task Connects_Over_Tls_When_The_Ca_Signed_The_Broker_Certificate()
    {
        using var pki = TlsMaterial.Create("127.0.0.1", "localhost");
        using var broker = LocalMosquittoBroker.Launch(listenerSettings: pki.ListenerSettings());
        var topic = Topics.Unique("tls");

        using var client = await TestClients.ConnectedAsync(broker, options => options.Tls = new MqttTlsOptions { CaFile = pki.CaFile });
        var inbox = new MessageInbox(client);
        await client.SubscribeAsync(topic);
        client.Publish(topic, "sealed"u8);
        var message = await inbox.NextAsync(topic);

        Assert.Equal("sealed", Encoding.UTF8.GetString(message.Payload.Span));
    }

    [Fact]
    public async Task Fails_With_A_Tls_Error_When_Another_Ca_Signed_The_Broker_Certificate()
    {
        using var pki = TlsMaterial.Create("127.0.0.1");
        using var broker = LocalMosquittoBroker.Launch(listenerSettings: pki.ListenerSettings());
        var options = TestClients.OptionsFor(broker);
        options.Tls = new MqttTlsOptions { CaFile = pki.OtherCaFile };
        using var client = new MosquittoClient(options);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(Wait.Timeout));

        Assert.Equal(MosquittoErrorCode.Tls, error.ErrorCode);
        Assert.Contains("certificate verify failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("Tls.CaFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_A_Broker_Certificate_For_Another_Host_Unless_Hostname_Checks_Are_Turned_Off()
    {
        using var pki = TlsMaterial.Create("broker.example.invalid");
        using var broker = LocalMosquittoBroker.Launch(listenerSettings: pki.ListenerSettings());

        var strictOptions = TestClients.OptionsFor(broker);
        strictOptions.Tls = new MqttTlsOptions { CaFile = pki.CaFile };
        using var strict = new MosquittoClient(strictOptions);
        var error = await Assert.ThrowsAsync<MqttConnectException>(() => strict.ConnectAsync(Wait.Timeout));
        using var lenient = await TestClients.ConnectedAsync(broker, options => options.Tls = new MqttTlsOptions { CaFile = pki.CaFile, AllowUntrustedHostname = true });

        Assert.Equal(MosquittoErrorCode.Tls, error.ErrorCode);
        Assert.Contains("host name verification failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowUntrustedHostname", error.Message, StringComparison.Ordinal);
        Assert.True(lenient.IsConnected);
    }

    [Fact]
    public async Task Presents_A_Client_Certificate_Whose_Encrypted_Key_Is_Unlocked_With_KeyPassword()
    {
        using var pki = TlsMaterial.Create("127.0.0.1");
        using var broker = LocalMosquittoBroker.Launch(listenerSettings: pki.ListenerSettings(requireClientCertificate: true));
        var options = TestClients.OptionsFor(broker);
        options.Tls = new MqttTlsOptions
        {
            CaFile = pki.CaFile,
            CertificateFile = pki.DeviceCertificateFile,
            KeyFile = pki.EncryptedDeviceKeyFile,
            KeyPassword = TlsMaterial.DeviceKeyPassword,
        };
        using var client = new MosquittoClient(options);

        await client.ConnectAsync(Wait.Timeout);

        // use_identity_as_username: the broker took the certificate's CN as the user name.
        await Wait.UntilAsync(() => broker.ReadLog().Contains($"as {options.ClientId} (p5, c1, k10, u'{pki.DeviceName}')", StringComparison.Ordinal),
            "the broker to log the certificate identity");
    }

    [Fact]
    public async Task Fails_Clearly_Instead_Of_Prompting_When_An_Encrypted_Key_Has_No_Password()
    {
        using var pki = TlsMaterial.Create("127.0.0.1");
        using var broker = LocalMosquittoBroker.Launch(listenerSettings: pki.ListenerSettings(requireClientCertificate: true));
        var options = TestClients.OptionsFor(broker);
        options.Tls = new MqttTlsOptions { CaFile = pki.CaFile, CertificateFile = pki.DeviceCertificateFile, KeyFile = pki.EncryptedDeviceKeyFile };
        using var client = new MosquittoClient(options);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(Wait.Timeout));

        Assert.Equal(MosquittoErrorCode.Tls, error.ErrorCode);
        Assert.Contains("Tls.KeyPassword", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explains_A_Plain_Connection_To_A_Tls_Listener()
    {
        using var pki = TlsMaterial.Create("127.0.0.1");
        using var broker = LocalMosquittoBroker.Launch(listenerSettings: pki.ListenerSettings());
        using var client = new MosquittoClient(TestClients.OptionsFor(broker));

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(Wait.Timeout));

        Assert.Equal(MosquittoErrorCode.ConnectionLost, error.ErrorCode);
        Assert.Contains("closed before the broker answered CONNECT", error.Message, StringComparison.Ordinal);
        Assert.Contains("whether the broker wants TLS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_The_Missing_Ca_File_Before_Touching_The_Network()
    {
        var missing = Path.Combine(Path.GetTempPath(), "gyroedge-no-such-dir", "ca.crt");
        var options = new MqttClientOptions { ClientId = "cam-01", Tls = new MqttTlsOptions { CaFile = missing } };

        var error = Assert.Throws<MqttOptionsException>(() => new MosquittoClient(options));

        Assert.Equal("MqttClientOptions.Tls.CaFile", error.PropertyName);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }
}
