namespace GyroEdge.Messaging.Outbox;

/// <summary>
/// The layout of one outbox file: the messages of one entry (a frame and its JSON metadata),
/// little-endian, every string UTF-8 with a two-byte length (MQTT's own limit):
/// <code>
/// entry:   "GEO1" | u16 message count | u16 reserved (0) | message*
/// message: u8 flags (bit 0 retain, bit 1 payload is UTF-8) | u16 topic length | topic
///          | u16 content type length | content type | u16 user property count
///          | (u16 name length | name | u16 value length | value)* | u32 payload length | payload
/// </code>
/// Files are written whole and renamed into place, so a reader never sees a torn one; the lengths
/// are still checked, so a file damaged on disk is reported instead of published as garbage.
/// </summary>
internal static class OutboxEntryFormat
{
    internal static ReadOnlySpan<byte> Magic => "GEO1"u8;
    internal const int HeaderLength = 8;
    internal const byte RetainFlag = 1;
    internal const byte Utf8PayloadFlag = 2;
    internal const int MaxMessages = ushort.MaxValue;
}
