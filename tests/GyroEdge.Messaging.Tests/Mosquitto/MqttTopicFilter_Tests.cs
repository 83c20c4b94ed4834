using GyroEdge.Messaging.Mosquitto;

namespace GyroEdge.Messaging.Tests.Mosquitto;

public sealed class MqttTopicFilter_Tests
{
    [Fact]
    public void Shared_Puts_The_Group_Between_The_Share_Prefix_And_The_Filter()
    {
        Assert.Equal("$share/frame-consumers/gyroedge/v1/+/frame", MqttTopicFilter.Shared("frame-consumers", "gyroedge/v1/+/frame"));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("all+")]
    [InlineData("#")]
    public void Shared_Refuses_A_Group_Name_With_Separators_Or_Wildcards(string group)
    {
        var error = Assert.Throws<ArgumentException>(() => MqttTopicFilter.Shared(group, "gyroedge/#"));

        Assert.Equal("group", error.ParamName);
    }
}
