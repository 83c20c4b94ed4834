using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GyroEdge.Messaging.Outbox;

namespace GyroEdge.Messaging.Fleet;

/// <summary>
/// Turns a frame (JPEG + <see cref="FrameMetadata"/>) into one outbox entry of two messages: the
/// <c>frame</c> message (payload JPEG, content type image/jpeg, metadata as user properties) and,
/// unless turned off, the <c>frame/meta</c> message (the same fields as JSON). Both are stored,
/// published and acknowledged together. Reuses its buffers: a steady stream allocates nothing here.
/// Not thread-safe: one writer per publishing pipeline.
/// </summary>
public sealed class FrameEntryWriter : IDisposable
{
    private readonly DeviceTopics _topics;
    private readonly byte[] _frameTopic;
    private readonly byte[] _metaTopic;
    private readonly byte[] _deviceId;
    private readonly byte[] _runId;
    private readonly bool _includeJson;
    private readonly OutboxEntryBuilder _builder = new(256 * 1024);
    private readonly Utf8JsonWriter _json;

    /// <param name="topics">The device's topics; every frame's <see cref="FrameMetadata.DeviceId"/> must match.</param>
    /// <param name="includeJsonMeta">Also publish frame/meta (JSON) for MQTT 3.1.1 consumers.</param>
    /// <param name="runId">Prefix of the uids this writer assigns; a fresh random one when null, so uids stay unique across restarts.</param>
    public FrameEntryWriter(DeviceTopics topics, bool includeJsonMeta = true, string? runId = null)
    {
        ArgumentNullException.ThrowIfNull(topics);
        _topics = topics;
        _frameTopic = Encoding.UTF8.GetBytes(topics.Frame);
        _metaTopic = Encoding.UTF8.GetBytes(topics.FrameMeta);
        _deviceId = Encoding.UTF8.GetBytes(topics.DeviceId);
        RunId = runId ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        _runId = Encoding.UTF8.GetBytes(RunId);
        _includeJson = includeJsonMeta;
        _json = new Utf8JsonWriter(_builder, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>The prefix of the uids assigned by this writer: "{run id}-{frame id}".</summary>
    public string RunId { get; }

    /// <summary>
    /// Writes the entry for one frame and returns its bytes, valid until the next call. The uid is
    /// <see cref="FrameMetadata.Uid"/> or, when empty, "{<see cref="RunId"/>}-{frame id}".
    /// </summary>
    public ReadOnlySpan<byte> Write(FrameMetadata metadata, ReadOnlySpan<byte> jpeg)
    {
        FrameMetadataFields.Validate(metadata);
        Span<byte> deviceId = stackalloc byte[DeviceTopics.MaxDeviceIdLength];
        if (!_deviceId.AsSpan().SequenceEqual(deviceId[..Encoding.UTF8.GetBytes(metadata.DeviceId, deviceId)]))
        {
            throw new ArgumentException(
                $"FrameMetadata.DeviceId is \"{metadata.DeviceId}\" but this writer publishes for \"{_topics.DeviceId}\"; one device, one writer.",
                nameof(metadata));
        }
        Span<byte> uid = stackalloc byte[_runId.Length + 1 + 20];
        _runId.CopyTo(uid);
        uid[_runId.Length] = (byte)'-';
        metadata.FrameId.TryFormat(uid[(_runId.Length + 1)..], out var digits, default, CultureInfo.InvariantCulture);
        uid = uid[..(_runId.Length + 1 + digits)];

        _builder.Reset();
        _builder.BeginMessage(_frameTopic, "image/jpeg"u8);
        var properties = new UserPropertySink(_builder);
        FrameMetadataFields.Write(metadata, uid, ref properties);
        _builder.SetPayload(jpeg);

        if (_includeJson)
        {
            _builder.BeginMessage(_metaTopic, "application/json"u8, payloadIsUtf8: true);
            _builder.BeginPayload();
            _json.Reset(_builder);
            FrameMetadataFields.WriteJson(metadata, uid, _json);
            _builder.EndPayload();
        }
        return _builder.Written;
    }

    public void Dispose()
    {
        _json.Dispose();
        _builder.Dispose();
    }

    private readonly struct UserPropertySink(OutboxEntryBuilder builder) : FrameMetadataFields.ISink
    {
        public void Text(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => builder.AddUserProperty(name, value);

        public void WholeNumber(ReadOnlySpan<byte> name, long value)
        {
            Span<byte> text = stackalloc byte[24];
            value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
            builder.AddUserProperty(name, text[..written]);
        }

        public void Number(ReadOnlySpan<byte> name, double value)
        {
            // The same rounding and shortest round-trip text as the JSON writer.
            Span<byte> text = stackalloc byte[32];
            Math.Round(value, 3).TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
            builder.AddUserProperty(name, text[..written]);
        }

        public void Flag(ReadOnlySpan<byte> name, bool value) => builder.AddUserProperty(name, value ? "true"u8 : "false"u8);
    }
}
