using System.Runtime.InteropServices;

namespace GyroEdge.Messaging.Mosquitto.Interop;

/// <summary>
/// Copies the PUBLISH properties of a received message out of the list libmosquitto lends to
/// on_message. The read_string/_binary/_string_pair functions hand back malloc'd copies that the
/// caller must free() (mosquitto.h), which NativeMemory.Free does on Linux.
/// </summary>
internal static unsafe class MosquittoPropertyReader
{
    private static readonly MqttPublishProperties Empty = new();

    internal static MqttPublishProperties Read(nint list)
    {
        if (list == 0)
            return Empty;

        uint? expiry = Libmosquitto.PropertyReadInt32(list, Libmosquitto.MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, out var seconds, false) != 0 ? seconds : null;
        var utf8 = Libmosquitto.PropertyReadByte(list, Libmosquitto.MQTT_PROP_PAYLOAD_FORMAT_INDICATOR, out var format, false) != 0 && format == 1;

        byte[] correlation = [];
        if (Libmosquitto.PropertyReadBinary(list, Libmosquitto.MQTT_PROP_CORRELATION_DATA, out var data, out var length, false) != 0)
        {
            try
            {
                correlation = new ReadOnlySpan<byte>(data, length).ToArray();
            }
            finally
            {
                NativeMemory.Free(data);
            }
        }

        List<MqttUserProperty>? users = null;
        var cursor = Libmosquitto.PropertyReadStringPair(list, Libmosquitto.MQTT_PROP_USER_PROPERTY, out var name, out var value, false);
        while (cursor != 0)
        {
            users ??= [];
            users.Add(new MqttUserProperty(TakeString(name), TakeString(value)));
            // skip_first = true continues after the property just read (mosquitto.h example).
            cursor = Libmosquitto.PropertyReadStringPair(cursor, Libmosquitto.MQTT_PROP_USER_PROPERTY, out name, out value, true);
        }

        return new MqttPublishProperties
        {
            ContentType = ReadString(list, Libmosquitto.MQTT_PROP_CONTENT_TYPE),
            ResponseTopic = ReadString(list, Libmosquitto.MQTT_PROP_RESPONSE_TOPIC),
            CorrelationData = correlation,
            UserProperties = (IReadOnlyList<MqttUserProperty>?)users ?? [],
            MessageExpirySeconds = expiry,
            PayloadIsUtf8 = utf8,
        };
    }

    private static string? ReadString(nint list, int identifier) =>
        Libmosquitto.PropertyReadString(list, identifier, out var value, false) != 0 ? TakeString(value) : null;

    /// <summary>Copies a malloc'd UTF-8 string and frees it.</summary>
    private static string TakeString(byte* value)
    {
        try
        {
            return Marshal.PtrToStringUTF8((nint)value) ?? "";
        }
        finally
        {
            NativeMemory.Free(value);
        }
    }
}
