using GyroEdge.Host.Demo;

namespace GyroEdge.Host.Tests.Demo;

public class BrokerEndpoint_Tests
{
    [Theory]
    [InlineData("127.0.0.1:1883", "127.0.0.1", 1883)]
    [InlineData("broker.local:8883", "broker.local", 8883)]
    [InlineData("::1:1884", "::1", 1884)]
    public void Host_And_Port_Are_Split_At_The_Last_Colon(string text, string host, int port)
    {
        Assert.Equal(new BrokerEndpoint(host, port), BrokerEndpoint.Parse(text));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData(":1883")]
    [InlineData("localhost:")]
    [InlineData("localhost:0")]
    [InlineData("localhost:70000")]
    [InlineData("localhost:mqtt")]
    public void Anything_But_Host_Colon_Port_Is_Refused_With_An_Example(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => BrokerEndpoint.Parse(text));

        Assert.Contains($"\"{text}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1883", error.Message, StringComparison.Ordinal);
    }
}
