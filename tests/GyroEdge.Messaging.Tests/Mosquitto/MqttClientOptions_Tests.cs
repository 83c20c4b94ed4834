using GyroEdge.Messaging.Mosquitto;

namespace GyroEdge.Messaging.Tests.Mosquitto;

public sealed class MqttClientOptions_Tests
{
    public static TheoryData<string, Action<MqttClientOptions>> InvalidOptions => new()
    {
        { "MqttClientOptions.Host", o => o.Host = "" },
        { "MqttClientOptions.Port", o => o.Port = 0 },
        { "MqttClientOptions.Port", o => o.Port = 65536 },
        { "MqttClientOptions.KeepAliveSeconds", o => o.KeepAliveSeconds = 4 },
        { "MqttClientOptions.ClientId", o => o.ClientId = "" },
        { "MqttClientOptions.ClientId", o => { o.ClientId = null; o.CleanStart = false; } },
        { "MqttClientOptions.ProtocolVersion", o => o.ProtocolVersion = (MqttProtocolVersion)3 },
        { "MqttClientOptions.ReconnectDelaySeconds", o => o.ReconnectDelaySeconds = 0 },
        { "MqttClientOptions.ReconnectDelayMaxSeconds", o => { o.ReconnectDelaySeconds = 10; o.ReconnectDelayMaxSeconds = 5; } },
        { "MqttClientOptions.MaxInflightMessages", o => o.MaxInflightMessages = 0 },
        { "MqttClientOptions.Password", o => { o.ProtocolVersion = MqttProtocolVersion.V311; o.Password = "secret"; } },
        { "MqttClientOptions.Will.Topic", o => o.Will = new MqttWillOptions { Topic = "gyroedge/v1/+/status" } },
        { "MqttClientOptions.Will.Qos", o => o.Will = new MqttWillOptions { Topic = "status", Qos = (MqttQos)3 } },
        {
            "MqttClientOptions.Will.Properties",
            o => { o.ProtocolVersion = MqttProtocolVersion.V311; o.Will = new MqttWillOptions { Topic = "status", Properties = new() { ContentType = "text/plain" } }; }
        },
        {
            "MqttClientOptions.Will.Properties.CorrelationData",
            o => o.Will = new MqttWillOptions { Topic = "status", Properties = new() { CorrelationData = new byte[70_000] } }
        },
        {
            "MqttClientOptions.Will.Properties.UserProperties[1].Name",
            o => o.Will = new MqttWillOptions { Topic = "status", Properties = new() { UserProperties = [new("a", "b"), new("bad\0name", "c")] } }
        },
        { "MqttClientOptions.Tls.CaFile", o => o.Tls = new MqttTlsOptions() },
        { "MqttClientOptions.Tls.KeyFile", o => o.Tls = new MqttTlsOptions { CaFile = ExistingFile, CertificateFile = ExistingFile } },
        { "MqttClientOptions.Tls.CertificateFile", o => o.Tls = new MqttTlsOptions { CaFile = ExistingFile, KeyFile = ExistingFile } },
        { "MqttClientOptions.Tls.CaPath", o => o.Tls = new MqttTlsOptions { CaPath = "/no/such/directory" } },
    };

    // Any readable file will do where only existence is checked.
    private static string ExistingFile => typeof(MqttClientOptions_Tests).Assembly.Location;

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_Names_The_Offending_Property(string property, Action<MqttClientOptions> breakIt)
    {
        var options = new MqttClientOptions { ClientId = "cam-01" };
        breakIt(options);

        var error = Assert.Throws<MqttOptionsException>(options.Validate);

        Assert.Equal(property, error.PropertyName);
        Assert.StartsWith(property.Split('[')[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_Are_Valid_Mqtt5_With_A_Clean_Start()
    {
        var options = new MqttClientOptions();

        options.Validate();

        Assert.Equal(MqttProtocolVersion.V5, options.ProtocolVersion);
        Assert.True(options.CleanStart);
        Assert.Null(options.Tls);
    }

    [Fact]
    public void Tls_Checks_The_Broker_Hostname_Unless_Told_Otherwise()
    {
        var tls = new MqttTlsOptions();

        Assert.False(tls.AllowUntrustedHostname);
        Assert.Equal(MqttTlsVersion.Tls12, tls.MinimumVersion);
    }

    [Fact]
    public void The_Client_Validates_Its_Options_Before_Creating_Anything()
    {
        var error = Assert.Throws<MqttOptionsException>(() => new MosquittoClient(new MqttClientOptions { Port = -1 }));

        Assert.Equal("MqttClientOptions.Port", error.PropertyName);
    }

    [Fact]
    public void A_Missing_Certificate_File_Is_Named_With_Its_Full_Path()
    {
        var options = new MqttClientOptions
        {
            Tls = new MqttTlsOptions { CaFile = ExistingFile, CertificateFile = "device.crt", KeyFile = ExistingFile },
        };

        var error = Assert.Throws<MqttOptionsException>(options.Validate);

        Assert.Equal("MqttClientOptions.Tls.CertificateFile", error.PropertyName);
        Assert.Contains(Path.GetFullPath("device.crt"), error.Message, StringComparison.Ordinal);
    }
}
