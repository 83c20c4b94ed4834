using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace GyroEdge.Messaging.Outbox;

/// <summary>
/// Writes the bytes of one outbox entry (see <see cref="OutboxEntryFormat"/>): one or more MQTT
/// messages that are stored, published and acknowledged together. Reusable: <see cref="Reset"/>
/// keeps the pooled buffer, so a steady stream of frames allocates nothing here. Implements
/// <see cref="IBufferWriter{T}"/> for the payload being written, so JSON goes straight into the entry.
/// Not thread-safe.
/// </summary>
public sealed class OutboxEntryBuilder : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _length;
    private int _messageCount;
    private State _state;
    private int _propertyCountAt;
    private int _propertyCount;
    private int _payloadLengthAt;

    public OutboxEntryBuilder(int initialCapacity = 64 * 1024)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
        Reset();
    }

    private enum State
    {
        BetweenMessages,
        Properties,
        Payload,
    }

    /// <summary>The entry written so far; complete once the last message's payload is ended.</summary>
    public ReadOnlySpan<byte> Written
    {
        get
        {
            if (_state != State.BetweenMessages)
                throw new InvalidOperationException("The entry's last message is not finished; call EndPayload (or SetPayload) first.");
            if (_messageCount == 0)
                throw new InvalidOperationException("The entry holds no message; call BeginMessage first.");
            return _buffer.AsSpan(0, _length);
        }
    }

    /// <summary>Starts a new entry, keeping the buffer.</summary>
    public void Reset()
    {
        OutboxEntryFormat.Magic.CopyTo(_buffer);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(4), 0);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(6), 0);
        _length = OutboxEntryFormat.HeaderLength;
        _messageCount = 0;
        _state = State.BetweenMessages;
    }

    /// <summary>Starts a message to <paramref name="topicUtf8"/>; user properties and the payload follow.</summary>
    public void BeginMessage(ReadOnlySpan<byte> topicUtf8, ReadOnlySpan<byte> contentTypeUtf8 = default, bool retain = false, bool payloadIsUtf8 = false)
    {
        Expect(State.BetweenMessages, "BeginMessage");
        if (_messageCount == OutboxEntryFormat.MaxMessages)
            throw new InvalidOperationException($"An outbox entry holds at most {OutboxEntryFormat.MaxMessages} messages.");
        if (topicUtf8.IsEmpty)
            throw new ArgumentException("An outbox message needs a topic, e.g. gyroedge/v1/cam-01/frame.", nameof(topicUtf8));
        var flags = (byte)((retain ? OutboxEntryFormat.RetainFlag : 0) | (payloadIsUtf8 ? OutboxEntryFormat.Utf8PayloadFlag : 0));
        WriteByte(flags);
        WriteString(topicUtf8, "topic");
        WriteString(contentTypeUtf8, "content type");
        _propertyCountAt = _length;
        WriteUInt16(0);
        _propertyCount = 0;
        _messageCount++;
        _state = State.Properties;
    }

    /// <inheritdoc cref="BeginMessage(ReadOnlySpan{byte}, ReadOnlySpan{byte}, bool, bool)"/>
    public void BeginMessage(string topic, string? contentType = null, bool retain = false, bool payloadIsUtf8 = false)
    {
        ArgumentNullException.ThrowIfNull(topic);
        Span<byte> topicUtf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(topic.Length, 512))];
        var topicBytes = topic.Length <= 512 ? topicUtf8[..Encoding.UTF8.GetBytes(topic, topicUtf8)] : Encoding.UTF8.GetBytes(topic);
        var contentTypeBytes = contentType is null ? [] : Encoding.UTF8.GetBytes(contentType);
        BeginMessage(topicBytes, contentTypeBytes, retain, payloadIsUtf8);
    }

    /// <summary>Adds a user property to the message begun last.</summary>
    public void AddUserProperty(ReadOnlySpan<byte> nameUtf8, ReadOnlySpan<byte> valueUtf8)
    {
        Expect(State.Properties, "AddUserProperty");
        if (_propertyCount == ushort.MaxValue)
            throw new InvalidOperationException($"A message carries at most {ushort.MaxValue} user properties here.");
        WriteString(nameUtf8, "user property name");
        WriteString(valueUtf8, "user property value");
        _propertyCount++;
    }

    /// <summary>Adds a user property whose value is the UTF-8 text of <paramref name="value"/>.</summary>
    public void AddUserProperty(ReadOnlySpan<byte> nameUtf8, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> utf8 = stackalloc byte[256];
        if (Encoding.UTF8.TryGetBytes(value, utf8, out var written))
            AddUserProperty(nameUtf8, utf8[..written]);
        else
            AddUserProperty(nameUtf8, Encoding.UTF8.GetBytes(value));
    }

    /// <summary>Starts the payload of the message begun last: write it through this <see cref="IBufferWriter{T}"/>, then <see cref="EndPayload"/>.</summary>
    public void BeginPayload()
    {
        Expect(State.Properties, "BeginPayload");
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_propertyCountAt), (ushort)_propertyCount);
        _payloadLengthAt = _length;
        WriteUInt32(0);
        _state = State.Payload;
    }

    /// <summary>Ends the payload begun with <see cref="BeginPayload"/>.</summary>
    public void EndPayload()
    {
        Expect(State.Payload, "EndPayload");
        var payloadLength = _length - _payloadLengthAt - 4;
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_payloadLengthAt), (uint)payloadLength);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(4), (ushort)_messageCount);
        _state = State.BetweenMessages;
    }

    /// <summary><see cref="BeginPayload"/>, a copy of <paramref name="payload"/>, <see cref="EndPayload"/>.</summary>
    public void SetPayload(ReadOnlySpan<byte> payload)
    {
        BeginPayload();
        payload.CopyTo(GetSpan(payload.Length));
        Advance(payload.Length);
        EndPayload();
    }

    void IBufferWriter<byte>.Advance(int count) => Advance(count);

    public void Advance(int count)
    {
        Expect(State.Payload, "Advance");
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_length + count > _buffer.Length)
            throw new InvalidOperationException("Advanced past the span handed out by GetSpan/GetMemory.");
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Expect(State.Payload, "GetMemory");
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Expect(State.Payload, "GetSpan");
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsSpan(_length);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
    }

    private void Expect(State state, string call)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        if (_state != state)
        {
            var expected = _state switch
            {
                State.BetweenMessages => "BeginMessage",
                State.Properties => "AddUserProperty or BeginPayload/SetPayload",
                _ => "the payload writes and EndPayload",
            };
            throw new InvalidOperationException($"{call} was called out of order; the entry expects {expected} next.");
        }
    }

    private void WriteString(ReadOnlySpan<byte> utf8, string what)
    {
        if (utf8.Length > ushort.MaxValue)
            throw new ArgumentException($"The {what} is {utf8.Length} bytes; MQTT strings hold at most {ushort.MaxValue}.");
        WriteUInt16((ushort)utf8.Length);
        Ensure(utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_length));
        _length += utf8.Length;
    }

    private void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    private void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    private void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length)
            return;
        // Grows to the largest frame seen and stays there, so steady streaming stops allocating.
        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_length + more, _buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }
}
