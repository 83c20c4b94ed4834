using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Tests.Support;
using Xunit.Abstractions;

namespace GyroEdge.Messaging.Tests.Scratch;

public sealed class Experiments(ITestOutputHelper output)
{
    [Fact]
    public async Task F_Messages()
    {
        using var pki = FleetPki.Create("cam-a");
        using var rogue = FleetPki.Other("cam-a");
        using var broker = LocalMosquittoBroker.Launch(listenerSettings: FleetPki.BrokerSettings(pki), allowAnonymous: false);
        foreach (var (cert, key) in new[] { (rogue.CertificateOf("cam-a"), rogue.KeyOf("cam-a")), ((string?)null, (string?)null) })
        {
            var o = TestClients.OptionsFor(broker);
            o.Tls = new MqttTlsOptions { CaFile = pki.CaFile, CertificateFile = cert, KeyFile = key };
            using var c = new MosquittoClient(o);
            try { await c.ConnectAsync(Wait.Timeout); output.WriteLine("connected?!"); } catch (MqttConnectException e) { output.WriteLine(e.ErrorCode + ": " + e.Message); }
        }
    }
}
