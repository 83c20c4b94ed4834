using GyroEdge.Messaging.Fleet;

namespace GyroEdge.Messaging.Tests.Support;

/// <summary>Frames for tests: metadata with every field set, and payloads that carry their frame id.</summary>
internal static class Frames
{
    public static FrameMetadata Metadata(string device, long frameId) => new()
    {
        DeviceId = device,
        FrameId = frameId,
        ExposureStartNs = 1_000_000_000L + frameId * 33_333_333L,
        ExposureEndNs = 1_000_000_000L + frameId * 33_333_333L + 20_000_000L,
        WallClock = new DateTimeOffset(2026, 1, 27, 10, 11, 12, 345, TimeSpan.Zero).AddMilliseconds(frameId * 33),
        ModelName = "gyrodeblur-s",
        ModelVersion = "1.2.0",
        Provider = "CPU",
        Kind = FrameKind.Gyro,
        GyroQuality = "good",
        StageLatenciesMs = new Dictionary<string, double> { ["motion"] = 0.25, ["infer"] = 41.5, ["encode"] = 3.125 },
        Width = 640,
        Height = 480,
        JpegQuality = 90,
    };

    /// <summary>A fake JPEG of <paramref name="size"/> bytes whose first eight bytes are the frame id.</summary>
    public static byte[] Payload(long frameId, int size = 2048)
    {
        var payload = new byte[size];
        BitConverter.TryWriteBytes(payload, frameId);
        for (var i = 8; i < size; i++)
            payload[i] = (byte)(i * 31 + frameId);
        return payload;
    }
}
