using System.Globalization;

namespace GyroEdge.Host.Demo;

/// <summary>An MQTT broker's host and TCP port, as given on the command line ("host:port").</summary>
public sealed record BrokerEndpoint(string Host, int Port)
{
    public static BrokerEndpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            throw new ArgumentException($"--broker \"{text}\" is not host:port (e.g. 127.0.0.1:1883; the port is 1 to 65535).");
        }
        return new BrokerEndpoint(text[..colon], port);
    }

    public override string ToString() => $"{Host}:{Port}";
}
