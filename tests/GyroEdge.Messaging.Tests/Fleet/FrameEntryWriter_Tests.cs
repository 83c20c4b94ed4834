using System.Text;
using System.Text.Json;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Outbox;
using GyroEdge.Messaging.Tests.Support;

namespace GyroEdge.Messaging.Tests.Fleet;

public sealed class FrameEntryWriter_Tests
{
    [Fact]
    public void Writes_The_Frame_With_User_Properties_And_The_Same_Fields_As_Json()
    {
        using var writer = new FrameEntryWriter(new DeviceTopics("cam-01"), runId: "run7");
        var metadata = Frames.Metadata("cam-01", 42) with { IsSnapshot = true, JpegQuality = 100 };

        var reader = new OutboxEntryReader(writer.Write(metadata, Frames.Payload(42)));
        reader.TryReadNext(out var frame);
        var topic = Encoding.UTF8.GetString(frame.Topic);
        var contentType = Encoding.UTF8.GetString(frame.ContentType);
        var properties = new List<KeyValuePair<string, string>>();
        foreach (var property in frame.UserProperties)
            properties.Add(new(Encoding.UTF8.GetString(property.Name), Encoding.UTF8.GetString(property.Value)));
        reader.TryReadNext(out var meta);
        var metaTopic = Encoding.UTF8.GetString(meta.Topic);
        using var json = JsonDocument.Parse(meta.Payload.ToArray());

        Assert.Equal("gyroedge/v1/cam-01/frame", topic);
        Assert.Equal("image/jpeg", contentType);
        Assert.Equal("gyroedge/v1/cam-01/frame/meta", metaTopic);
        Assert.True(meta.PayloadIsUtf8);
        // One definition: the same names, in the same order, with the same text.
        var jsonFields = json.RootElement.EnumerateObject()
            .Select(p => KeyValuePair.Create(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))
            .ToList();
        Assert.Equal(properties, jsonFields);
        Assert.Contains(KeyValuePair.Create("uid", "run7-42"), properties);
        Assert.Contains(KeyValuePair.Create("wall_time", "2026-01-27T10:11:13.731Z"), properties);
        Assert.Contains(KeyValuePair.Create("latency_infer_ms", "41.5"), properties);
        Assert.Contains(KeyValuePair.Create("snapshot", "true"), properties);
        Assert.Equal(metadata with { Uid = "run7-42", StageLatenciesMs = null! }, FrameMetadataFields.Parse(properties) with { StageLatenciesMs = null! });
    }

    [Fact]
    public void Leaves_Out_The_Json_Message_When_Asked_To()
    {
        using var writer = new FrameEntryWriter(new DeviceTopics("cam-01"), includeJsonMeta: false);

        var reader = new OutboxEntryReader(writer.Write(Frames.Metadata("cam-01", 1), Frames.Payload(1)));

        Assert.Equal(1, reader.MessageCount);
    }

    [Fact]
    public void Allocates_Nothing_Per_Frame_Once_Warm()
    {
        using var writer = new FrameEntryWriter(new DeviceTopics("cam-01"));
        var metadata = Frames.Metadata("cam-01", 1);
        var jpeg = Frames.Payload(1, 100 * 1024);
        for (var i = 0; i < 3; i++)
            writer.Write(metadata, jpeg);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
            writer.Write(metadata, jpeg);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("great", "GyroQuality")]
    [InlineData("good", "stage")]
    public void Refuses_Metadata_The_Schema_Cannot_Carry(string gyroQuality, string expected)
    {
        using var writer = new FrameEntryWriter(new DeviceTopics("cam-01"));
        var metadata = Frames.Metadata("cam-01", 1) with { GyroQuality = gyroQuality };
        if (expected == "stage")
            metadata = metadata with { StageLatenciesMs = new Dictionary<string, double> { ["Infer Time"] = 1 } };

        var error = Assert.Throws<ArgumentException>(() => writer.Write(metadata, Frames.Payload(1)).Length);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_A_Frame_Of_Another_Device()
    {
        using var writer = new FrameEntryWriter(new DeviceTopics("cam-01"));

        var error = Assert.Throws<ArgumentException>(() => writer.Write(Frames.Metadata("cam-02", 1), Frames.Payload(1)).Length);

        Assert.Contains("one device, one writer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("cam/01")]
    [InlineData("cam+")]
    [InlineData("#")]
    public void Refuses_A_Device_Id_That_Is_Not_One_Topic_Level(string deviceId)
    {
        var error = Assert.Throws<ArgumentException>(() => new DeviceTopics(deviceId));

        Assert.Contains("one MQTT topic level", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_Metadata_Back_From_Frame_Meta_Json_And_Names_A_Missing_Field()
    {
        var error = Assert.Throws<InvalidDataException>(() => FrameMetadataFields.FromJson("""{"device":"cam-01","frame_id":1,"wall_time":"2026-01-27T10:11:12.345Z"}"""u8));

        Assert.Contains("\"uid\"", error.Message, StringComparison.Ordinal);
    }
}
