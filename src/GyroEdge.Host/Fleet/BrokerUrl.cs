namespace GyroEdge.Host.Fleet;

/// <summary>A broker as given on the command line: mqtt://host[:port] (plain) or mqtts://host[:port] (TLS).</summary>
public sealed record BrokerUrl(string Host, int Port, bool Tls)
{
    public static BrokerUrl Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("mqtt" or "mqtts")
            || string.IsNullOrEmpty(uri.Host)
            || uri.AbsolutePath is not ("" or "/")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ArgumentException(
                $"--broker \"{text}\" is not a broker URL: expected mqtt://host[:port] or mqtts://host[:port] for TLS, "
                + "e.g. mqtts://broker.example.com:8883 (user names and passwords go in --username and --password).");
        }
        var tls = uri.Scheme == "mqtts";
        var port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? 8883 : 1883) : uri.Port;
        return new BrokerUrl(uri.IdnHost.Trim('[', ']'), port, tls);
    }

    public override string ToString() => $"{(Tls ? "mqtts" : "mqtt")}://{Host}:{Port}";
}
