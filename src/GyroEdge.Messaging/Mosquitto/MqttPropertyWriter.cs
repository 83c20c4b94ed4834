using GyroEdge.Messaging.Mosquitto.Interop;

namespace GyroEdge.Messaging.Mosquitto;

/// <summary>
/// MQTT 5 PUBLISH properties built straight from UTF-8 bytes into one reusable native list, for a
/// publisher that sends many messages (the outbox): <see cref="Clear"/>, add, publish, repeat. Unlike
/// <see cref="MqttPublishProperties"/> it needs no managed strings, so the publish path allocates
/// only what libmosquitto allocates natively. Not thread-safe: one writer per publishing thread.
/// </summary>
public sealed unsafe class MqttPropertyWriter : IDisposable
{
    // MQTT strings carry a two-byte length (MQTT 5.0 section 1.5.4); +1 for the NUL libmosquitto wants.
    private const int MaxStringBytes = ushort.MaxValue;

    private readonly MosquittoPropertyList _list = new();
    private byte[] _scratch = new byte[512];
    private bool _hasContentType;

    internal MosquittoPropertyList List => _list;

    /// <summary>Removes every property; the writer can be filled again.</summary>
    public void Clear()
    {
        ObjectDisposedException.ThrowIf(_list.IsClosed, this);
        _list.Clear();
        _hasContentType = false;
    }

    /// <summary>Sets the content type, e.g. "image/jpeg" as UTF-8. At most once between clears.</summary>
    public void SetContentType(ReadOnlySpan<byte> utf8)
    {
        if (_hasContentType)
            throw new InvalidOperationException("The content type is set already; a PUBLISH carries it once (MQTT 5.0 section 3.3.2.3.9). Call Clear first.");
        CheckLength(utf8, "content type");
        var length = utf8.Length;
        EnsureScratch(length + 1);
        utf8.CopyTo(_scratch);
        _scratch[length] = 0;
        fixed (byte* value = _scratch)
            _list.AddStringUtf8(Libmosquitto.MQTT_PROP_CONTENT_TYPE, value);
        _hasContentType = true;
    }

    /// <summary>Marks the payload as UTF-8 text (payload format indicator 1).</summary>
    public void SetPayloadIsUtf8() => _list.AddPayloadFormatUtf8();

    /// <summary>Adds a user property; names may repeat and order is kept.</summary>
    public void AddUserProperty(ReadOnlySpan<byte> nameUtf8, ReadOnlySpan<byte> valueUtf8)
    {
        CheckLength(nameUtf8, "user property name");
        CheckLength(valueUtf8, "user property value");
        var valueAt = nameUtf8.Length + 1;
        EnsureScratch(valueAt + valueUtf8.Length + 1);
        nameUtf8.CopyTo(_scratch);
        _scratch[nameUtf8.Length] = 0;
        valueUtf8.CopyTo(_scratch.AsSpan(valueAt));
        _scratch[valueAt + valueUtf8.Length] = 0;
        fixed (byte* scratch = _scratch)
            _list.AddStringPairUtf8(Libmosquitto.MQTT_PROP_USER_PROPERTY, scratch, scratch + valueAt);
    }

    public void Dispose() => _list.Dispose();

    private static void CheckLength(ReadOnlySpan<byte> utf8, string what)
    {
        if (utf8.Length > MaxStringBytes)
            throw new ArgumentException($"The {what} is {utf8.Length} bytes; MQTT strings hold at most {MaxStringBytes}. Shorten it.");
        if (utf8.Contains((byte)0))
            throw new ArgumentException($"The {what} contains a NUL byte, which MQTT strings may not carry (MQTT 5.0 section 1.5.4). Remove it.");
        // libmosquitto 2.0.11 does not check property strings, and a broker disconnects a client
        // that sends malformed UTF-8 (MQTT 5.0 section 1.5.4): caught here, it cannot become a
        // message that breaks the connection on every retry.
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
            throw new ArgumentException($"The {what} is not valid UTF-8, which MQTT strings must be (MQTT 5.0 section 1.5.4).");
    }

    private void EnsureScratch(int length)
    {
        // Grows once to the longest property seen; the same few property names repeat on every frame.
        if (_scratch.Length < length)
            _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
    }
}
