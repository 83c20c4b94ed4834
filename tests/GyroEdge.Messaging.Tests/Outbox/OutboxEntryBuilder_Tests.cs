using System.Text;
using GyroEdge.Messaging.Outbox;

namespace GyroEdge.Messaging.Tests.Outbox;

public sealed class OutboxEntryBuilder_Tests
{
    [Fact]
    public void Reads_Back_Every_Message_With_Its_Topic_Properties_And_Payload()
    {
        using var builder = new OutboxEntryBuilder(256);
        builder.BeginMessage("gyroedge/v1/cam-01/frame", "image/jpeg", retain: false);
        builder.AddUserProperty("frame_id"u8, "7"u8);
        builder.AddUserProperty("model"u8, "gyrodeblur-s");
        builder.SetPayload(new byte[1000]);
        builder.BeginMessage("gyroedge/v1/cam-01/frame/meta", "application/json", retain: true, payloadIsUtf8: true);
        builder.SetPayload("{\"frame_id\":7}"u8);

        var reader = new OutboxEntryReader(builder.Written);
        Assert.True(reader.TryReadNext(out var frame));
        var frameTopic = Encoding.UTF8.GetString(frame.Topic);
        var frameType = Encoding.UTF8.GetString(frame.ContentType);
        var properties = new List<string>();
        foreach (var property in frame.UserProperties)
            properties.Add($"{Encoding.UTF8.GetString(property.Name)}={Encoding.UTF8.GetString(property.Value)}");
        var frameLength = frame.Payload.Length;
        var frameRetain = frame.Retain;
        Assert.True(reader.TryReadNext(out var meta));
        var metaJson = Encoding.UTF8.GetString(meta.Payload);
        var metaFlags = (meta.Retain, meta.PayloadIsUtf8, meta.UserProperties.Count);
        var more = reader.TryReadNext(out _);

        Assert.Equal(2, reader.MessageCount);
        Assert.Equal("gyroedge/v1/cam-01/frame", frameTopic);
        Assert.Equal("image/jpeg", frameType);
        Assert.Equal(["frame_id=7", "model=gyrodeblur-s"], properties);
        Assert.Equal(1000, frameLength);
        Assert.False(frameRetain);
        Assert.Equal("{\"frame_id\":7}", metaJson);
        Assert.Equal((true, true, 0), metaFlags);
        Assert.False(more);
    }

    [Fact]
    public void Grows_Past_Its_Initial_Capacity_For_A_Large_Payload()
    {
        using var builder = new OutboxEntryBuilder(256);
        var payload = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        builder.BeginMessage("t/large");
        builder.SetPayload(payload);

        var reader = new OutboxEntryReader(builder.Written);
        reader.TryReadNext(out var message);

        Assert.True(message.Payload.SequenceEqual(payload));
    }

    [Fact]
    public void Refuses_To_Hand_Out_An_Entry_Whose_Last_Payload_Is_Unfinished()
    {
        using var builder = new OutboxEntryBuilder();
        builder.BeginMessage("t/x");
        builder.BeginPayload();

        var error = Assert.Throws<InvalidOperationException>(() => builder.Written.Length);

        Assert.Contains("EndPayload", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(40)]
    public void Reports_A_Truncated_Entry_As_Damaged(int missingBytes)
    {
        using var builder = new OutboxEntryBuilder();
        builder.BeginMessage("gyroedge/v1/cam-01/frame", "image/jpeg");
        builder.AddUserProperty("frame_id"u8, "1"u8);
        builder.SetPayload(new byte[32]);
        var truncated = builder.Written[..^missingBytes].ToArray();

        var error = Assert.Throws<InvalidDataException>(() => OutboxEntryReader.Validate(truncated));

        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_Bytes_That_Are_No_Outbox_Entry()
    {
        var error = Assert.Throws<InvalidDataException>(() => OutboxEntryReader.Validate("hello, world"u8));

        Assert.Contains("GEO1", error.Message, StringComparison.Ordinal);
    }
}
