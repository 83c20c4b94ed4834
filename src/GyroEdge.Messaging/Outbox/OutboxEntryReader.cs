using System.Buffers.Binary;

namespace GyroEdge.Messaging.Outbox;

/// <summary>One message of an outbox entry, as spans over the entry's bytes.</summary>
public readonly ref struct OutboxMessage
{
    internal OutboxMessage(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> contentType, byte flags, ReadOnlySpan<byte> userProperties, int userPropertyCount, ReadOnlySpan<byte> payload)
    {
        Topic = topic;
        ContentType = contentType;
        Retain = (flags & OutboxEntryFormat.RetainFlag) != 0;
        PayloadIsUtf8 = (flags & OutboxEntryFormat.Utf8PayloadFlag) != 0;
        UserProperties = new OutboxUserProperties(userProperties, userPropertyCount);
        Payload = payload;
    }

    public ReadOnlySpan<byte> Topic { get; }

    /// <summary>Empty when the message has none.</summary>
    public ReadOnlySpan<byte> ContentType { get; }

    public bool Retain { get; }
    public bool PayloadIsUtf8 { get; }
    public OutboxUserProperties UserProperties { get; }
    public ReadOnlySpan<byte> Payload { get; }
}

/// <summary>The user properties of an <see cref="OutboxMessage"/>, enumerated without allocating.</summary>
public readonly ref struct OutboxUserProperties
{
    private readonly ReadOnlySpan<byte> _bytes;

    internal OutboxUserProperties(ReadOnlySpan<byte> bytes, int count)
    {
        _bytes = bytes;
        Count = count;
    }

    public int Count { get; }

    public Enumerator GetEnumerator() => new(_bytes, Count);

    public ref struct Enumerator
    {
        private ReadOnlySpan<byte> _rest;
        private int _left;

        internal Enumerator(ReadOnlySpan<byte> bytes, int count)
        {
            _rest = bytes;
            _left = count;
            Name = default;
            Value = default;
        }

        public ReadOnlySpan<byte> Name { get; private set; }
        public ReadOnlySpan<byte> Value { get; private set; }

        /// <summary>This enumerator itself: read <see cref="Name"/> and <see cref="Value"/>.</summary>
        public readonly Enumerator Current => this;

        public bool MoveNext()
        {
            if (_left == 0)
                return false;
            _left--;
            // OutboxEntryReader.Validate checked every length before anyone enumerates.
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(_rest);
            Name = _rest.Slice(2, nameLength);
            _rest = _rest[(2 + nameLength)..];
            var valueLength = BinaryPrimitives.ReadUInt16LittleEndian(_rest);
            Value = _rest.Slice(2, valueLength);
            _rest = _rest[(2 + valueLength)..];
            return true;
        }
    }
}

/// <summary>Reads the messages of one outbox entry (see <see cref="OutboxEntryFormat"/>) without copying.</summary>
public ref struct OutboxEntryReader
{
    private ReadOnlySpan<byte> _rest;
    private int _left;

    /// <summary>Checks the whole entry first, so a damaged file is refused before any of it is published.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a complete outbox entry.</exception>
    public OutboxEntryReader(ReadOnlySpan<byte> entry)
    {
        MessageCount = Validate(entry);
        _rest = entry[OutboxEntryFormat.HeaderLength..];
        _left = MessageCount;
    }

    public int MessageCount { get; }

    public bool TryReadNext(out OutboxMessage message)
    {
        if (_left == 0)
        {
            message = default;
            return false;
        }
        _left--;
        var flags = _rest[0];
        var at = 1;
        var topic = ReadString(_rest, ref at);
        var contentType = ReadString(_rest, ref at);
        var propertyCount = BinaryPrimitives.ReadUInt16LittleEndian(_rest[at..]);
        at += 2;
        var propertiesAt = at;
        for (var i = 0; i < propertyCount; i++)
        {
            ReadString(_rest, ref at);
            ReadString(_rest, ref at);
        }
        var properties = _rest[propertiesAt..at];
        var payloadLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(_rest[at..]);
        at += 4;
        var payload = _rest.Slice(at, payloadLength);
        _rest = _rest[(at + payloadLength)..];
        message = new OutboxMessage(topic, contentType, flags, properties, propertyCount, payload);
        return true;
    }

    /// <summary>The number of messages in <paramref name="entry"/>; throws when any length runs past its end.</summary>
    public static int Validate(ReadOnlySpan<byte> entry)
    {
        if (entry.Length < OutboxEntryFormat.HeaderLength || !entry[..4].SequenceEqual(OutboxEntryFormat.Magic))
            throw Damaged("it does not start with the outbox header \"GEO1\"");
        int count = BinaryPrimitives.ReadUInt16LittleEndian(entry[4..]);
        if (count == 0)
            throw Damaged("its header counts no message");
        var rest = entry[OutboxEntryFormat.HeaderLength..];
        for (var m = 0; m < count; m++)
        {
            var at = 1;
            if (rest.Length < 1)
                throw Damaged($"it ends before message {m + 1} of {count}");
            if (!SkipString(rest, ref at) || !SkipString(rest, ref at) || rest.Length < at + 2)
                throw Damaged($"message {m + 1}'s topic or content type runs past the end");
            var properties = BinaryPrimitives.ReadUInt16LittleEndian(rest[at..]);
            at += 2;
            for (var i = 0; i < properties; i++)
            {
                if (!SkipString(rest, ref at) || !SkipString(rest, ref at))
                    throw Damaged($"message {m + 1}'s user property {i + 1} runs past the end");
            }
            if (rest.Length < at + 4)
                throw Damaged($"message {m + 1} ends before its payload length");
            var payload = BinaryPrimitives.ReadUInt32LittleEndian(rest[at..]);
            at += 4;
            if ((ulong)rest.Length < (ulong)at + payload)
                throw Damaged($"message {m + 1}'s payload of {payload} bytes runs past the end");
            rest = rest[(at + (int)payload)..];
        }
        if (!rest.IsEmpty)
            throw Damaged($"{rest.Length} bytes follow the last message");
        return count;
    }

    private static ReadOnlySpan<byte> ReadString(ReadOnlySpan<byte> bytes, scoped ref int at)
    {
        var length = BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);
        var value = bytes.Slice(at + 2, length);
        at += 2 + length;
        return value;
    }

    private static bool SkipString(ReadOnlySpan<byte> bytes, ref int at)
    {
        if (bytes.Length < at + 2)
            return false;
        var length = BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);
        if (bytes.Length < at + 2 + length)
            return false;
        at += 2 + length;
        return true;
    }

    private static InvalidDataException Damaged(string why) =>
        new($"The outbox entry is damaged: {why}. Expected an entry written by OutboxEntryBuilder (\"GEO1\" format).");
}
