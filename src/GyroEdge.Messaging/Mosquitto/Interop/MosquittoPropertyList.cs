using System.Runtime.InteropServices;

namespace GyroEdge.Messaging.Mosquitto.Interop;

/// <summary>
/// Owns a <c>mosquitto_property*</c> list built with mosquitto_property_add_*; released with
/// mosquitto_property_free_all. An empty list is a NULL pointer, which every *_v5 call accepts as
/// "no properties". libmosquitto copies the list in publish/subscribe, so it is freed right after.
/// </summary>
internal sealed unsafe class MosquittoPropertyList : SafeHandle
{
    public MosquittoPropertyList()
        : base(0, ownsHandle: true)
    {
    }

    private MosquittoPropertyList(bool ownsHandle)
        : base(0, ownsHandle)
    {
    }

    /// <summary>The NULL list, for calls without properties; never owns anything.</summary>
    internal static MosquittoPropertyList None { get; } = new(ownsHandle: false);

    public override bool IsInvalid => handle == 0;

    /// <summary>The PUBLISH (or will) properties of <paramref name="properties"/>.</summary>
    internal static MosquittoPropertyList From(MqttPublishProperties? properties, uint? willDelaySeconds = null)
    {
        var list = new MosquittoPropertyList();
        try
        {
            if (properties is not null)
            {
                if (properties.PayloadIsUtf8)
                    list.AddByte(Libmosquitto.MQTT_PROP_PAYLOAD_FORMAT_INDICATOR, 1);
                if (properties.MessageExpirySeconds is { } expiry)
                    list.AddInt32(Libmosquitto.MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, expiry);
                if (properties.ContentType is { } contentType)
                    list.AddString(Libmosquitto.MQTT_PROP_CONTENT_TYPE, contentType);
                if (properties.ResponseTopic is { } responseTopic)
                    list.AddString(Libmosquitto.MQTT_PROP_RESPONSE_TOPIC, responseTopic);
                if (!properties.CorrelationData.IsEmpty)
                    list.AddBinary(Libmosquitto.MQTT_PROP_CORRELATION_DATA, properties.CorrelationData.Span);
                foreach (var pair in properties.UserProperties)
                    list.AddStringPair(Libmosquitto.MQTT_PROP_USER_PROPERTY, pair.Name, pair.Value);
            }
            if (willDelaySeconds is { } delay)
                list.AddInt32(Libmosquitto.MQTT_PROP_WILL_DELAY_INTERVAL, delay);
            return list;
        }
        catch
        {
            list.Dispose();
            throw;
        }
    }

    /// <summary>Frees every property and leaves the list empty, ready to be filled again.</summary>
    internal void Clear()
    {
        var head = handle;
        if (head == 0)
            return;
        Libmosquitto.PropertyFreeAll(ref head);
        SetHandle(0);
    }

    /// <summary>Adds a string property from NUL-terminated UTF-8.</summary>
    internal void AddStringUtf8(int identifier, byte* value)
    {
        var head = handle;
        var rc = Libmosquitto.PropertyAddStringUtf8(ref head, identifier, value);
        SetHandle(head);
        MosquittoError.ThrowIfFailed(rc, "mosquitto_property_add_string");
    }

    /// <summary>Adds a string pair property (a user property) from NUL-terminated UTF-8.</summary>
    internal void AddStringPairUtf8(int identifier, byte* name, byte* value)
    {
        var head = handle;
        var rc = Libmosquitto.PropertyAddStringPairUtf8(ref head, identifier, name, value);
        SetHandle(head);
        MosquittoError.ThrowIfFailed(rc, "mosquitto_property_add_string_pair");
    }

    internal void AddPayloadFormatUtf8() => AddByte(Libmosquitto.MQTT_PROP_PAYLOAD_FORMAT_INDICATOR, 1);

    /// <summary>libmosquitto took ownership (mosquitto_will_set_v5 succeeded): forget the pointer without freeing it.</summary>
    internal void TransferOwnership() => SetHandleAsInvalid();

    // Each add may replace the head pointer (the first add allocates it), hence the ref round trip.
    private void AddByte(int identifier, byte value)
    {
        var head = handle;
        var rc = Libmosquitto.PropertyAddByte(ref head, identifier, value);
        SetHandle(head);
        MosquittoError.ThrowIfFailed(rc, "mosquitto_property_add_byte");
    }

    private void AddInt32(int identifier, uint value)
    {
        var head = handle;
        var rc = Libmosquitto.PropertyAddInt32(ref head, identifier, value);
        SetHandle(head);
        MosquittoError.ThrowIfFailed(rc, "mosquitto_property_add_int32");
    }

    private void AddString(int identifier, string value)
    {
        var head = handle;
        var rc = Libmosquitto.PropertyAddString(ref head, identifier, value);
        SetHandle(head);
        MosquittoError.ThrowIfFailed(rc, "mosquitto_property_add_string");
    }

    private void AddStringPair(int identifier, string name, string value)
    {
        var head = handle;
        var rc = Libmosquitto.PropertyAddStringPair(ref head, identifier, name, value);
        SetHandle(head);
        MosquittoError.ThrowIfFailed(rc, "mosquitto_property_add_string_pair");
    }

    private void AddBinary(int identifier, ReadOnlySpan<byte> value)
    {
        var head = handle;
        int rc;
        fixed (byte* bytes = value)
            rc = Libmosquitto.PropertyAddBinary(ref head, identifier, bytes, checked((ushort)value.Length));
        SetHandle(head);
        MosquittoError.ThrowIfFailed(rc, "mosquitto_property_add_binary");
    }

    protected override bool ReleaseHandle()
    {
        var head = handle;
        Libmosquitto.PropertyFreeAll(ref head);
        return true;
    }
}
