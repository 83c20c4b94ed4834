using System.Runtime.InteropServices;

namespace GyroEdge.Messaging.Mosquitto.Interop;

/// <summary>
/// The C callbacks libmosquitto calls on its network thread (under its callback_mutex). They are
/// static [UnmanagedCallersOnly] functions, so there is no delegate for the GC to collect while
/// native code holds the pointer; the client is found through the GCHandle passed as <c>obj</c>,
/// which the client frees only after mosquitto_loop_stop has joined the thread. Every body catches
/// everything: an exception unwinding into native code would terminate the process.
/// </summary>
internal static unsafe class MosquittoCallbacks
{
    // Set while a callback runs on this thread, so the client can tell that Dispose or Disconnect
    // was called from one of its own handlers (joining the network thread from itself would fail).
    // Callbacks nest: a handler that publishes makes libmosquitto call on_log inside it, so each
    // callback restores the value it found.
    [ThreadStatic]
    private static IMosquittoCallbackTarget? t_current;

    internal static bool IsInsideCallbackOf(IMosquittoCallbackTarget target) => ReferenceEquals(t_current, target);

    /// <summary>Registers every callback on <paramref name="mosq"/>.</summary>
    internal static void Install(MosquittoHandle mosq)
    {
        Libmosquitto.ConnectV5CallbackSet(mosq, &OnConnect);
        Libmosquitto.DisconnectV5CallbackSet(mosq, &OnDisconnect);
        Libmosquitto.PublishV5CallbackSet(mosq, &OnPublish);
        Libmosquitto.MessageV5CallbackSet(mosq, &OnMessage);
        Libmosquitto.SubscribeV5CallbackSet(mosq, &OnSubscribe);
        Libmosquitto.UnsubscribeV5CallbackSet(mosq, &OnUnsubscribe);
        Libmosquitto.LogCallbackSet(mosq, &OnLog);
    }

    /// <summary>The pw_callback for mosquitto_tls_set.</summary>
    internal static delegate* unmanaged<byte*, int, int, nint, int> PasswordCallback => &OnPassword;

    [UnmanagedCallersOnly]
    private static void OnConnect(nint mosq, nint obj, int rc, int flags, nint props)
    {
        var previous = t_current;
        var target = Enter(obj);
        if (target is null)
            return;
        try
        {
            target.OnConnect(rc, flags);
        }
        catch (Exception e)
        {
            Report(target, "on_connect", e);
        }
        finally
        {
            t_current = previous;
        }
    }

    [UnmanagedCallersOnly]
    private static void OnDisconnect(nint mosq, nint obj, int rc, nint props)
    {
        // Read before any managed work can overwrite it: for rc = MOSQ_ERR_ERRNO the failed socket
        // call's errno is still in this thread's errno (lib/loop.c calls on_disconnect right after).
        var errno = Marshal.GetLastSystemError();
        var previous = t_current;
        var target = Enter(obj);
        if (target is null)
            return;
        try
        {
            target.OnDisconnect(rc, errno);
        }
        catch (Exception e)
        {
            Report(target, "on_disconnect", e);
        }
        finally
        {
            t_current = previous;
        }
    }

    [UnmanagedCallersOnly]
    private static void OnPublish(nint mosq, nint obj, int mid, int reasonCode, nint props)
    {
        var previous = t_current;
        var target = Enter(obj);
        if (target is null)
            return;
        try
        {
            target.OnPublish(mid, reasonCode);
        }
        catch (Exception e)
        {
            Report(target, "on_publish", e);
        }
        finally
        {
            t_current = previous;
        }
    }

    [UnmanagedCallersOnly]
    private static void OnMessage(nint mosq, nint obj, MosquittoMessage* message, nint props)
    {
        var previous = t_current;
        var target = Enter(obj);
        if (target is null)
            return;
        try
        {
            if (message is null || !target.WantsMessages)
                return;
            // libmosquitto frees topic, payload and props when this returns: copy them all now.
            var topic = Marshal.PtrToStringUTF8(message->Topic) ?? "";
            var payload = message->PayloadLength > 0
                ? new ReadOnlySpan<byte>((void*)message->Payload, message->PayloadLength).ToArray()
                : [];
            var properties = MosquittoPropertyReader.Read(props);
            target.OnMessage(new MqttReceivedMessage(topic, payload, (MqttQos)message->Qos, message->Retain != 0, message->Mid, properties));
        }
        catch (Exception e)
        {
            Report(target, "on_message", e);
        }
        finally
        {
            t_current = previous;
        }
    }

    [UnmanagedCallersOnly]
    private static void OnSubscribe(nint mosq, nint obj, int mid, int count, int* grantedQos, nint props)
    {
        var previous = t_current;
        var target = Enter(obj);
        if (target is null)
            return;
        try
        {
            var codes = count > 0 && grantedQos is not null ? new ReadOnlySpan<int>(grantedQos, count).ToArray() : [];
            target.OnSubscribe(mid, codes);
        }
        catch (Exception e)
        {
            Report(target, "on_subscribe", e);
        }
        finally
        {
            t_current = previous;
        }
    }

    [UnmanagedCallersOnly]
    private static void OnUnsubscribe(nint mosq, nint obj, int mid, nint props)
    {
        var previous = t_current;
        var target = Enter(obj);
        if (target is null)
            return;
        try
        {
            target.OnUnsubscribe(mid);
        }
        catch (Exception e)
        {
            Report(target, "on_unsubscribe", e);
        }
        finally
        {
            t_current = previous;
        }
    }

    [UnmanagedCallersOnly]
    private static void OnLog(nint mosq, nint obj, int level, byte* text)
    {
        var previous = t_current;
        var target = Enter(obj);
        if (target is null)
            return;
        try
        {
            if (target.WantsLog(level))
                target.OnLog(level, Marshal.PtrToStringUTF8((nint)text) ?? "");
        }
        catch (Exception e)
        {
            Report(target, "on_log", e);
        }
        finally
        {
            t_current = previous;
        }
    }

    // int pw_callback(char *buf, int size, int rwflag, void *userdata): OpenSSL asks for the key
    // password; libmosquitto passes the struct mosquitto* as userdata (lib/net_mosq.c), whose
    // mosquitto_userdata is our obj. Returning 0 makes an encrypted key fail to load instead of
    // OpenSSL prompting on the terminal.
    [UnmanagedCallersOnly]
    private static int OnPassword(byte* buffer, int size, int rwflag, nint userdata)
    {
        var previous = t_current;
        IMosquittoCallbackTarget? target = null;
        try
        {
            target = Enter(Libmosquitto.UserData(userdata));
            return target is null || buffer is null || size <= 0 ? 0 : target.WriteKeyPassword(new Span<byte>(buffer, size));
        }
        catch (Exception e)
        {
            if (target is not null)
                Report(target, "pw_callback", e);
            return 0;
        }
        finally
        {
            t_current = previous;
        }
    }

    private static IMosquittoCallbackTarget? Enter(nint obj)
    {
        try
        {
            var target = obj == 0 ? null : GCHandle.FromIntPtr(obj).Target as IMosquittoCallbackTarget;
            if (target is not null)
                t_current = target;
            return target;
        }
        catch (InvalidOperationException)
        {
            // A freed GCHandle: the client is gone; nothing to deliver to.
            return null;
        }
    }

    private static void Report(IMosquittoCallbackTarget target, string callback, Exception exception)
    {
        try
        {
            target.OnCallbackFailed(callback, exception);
        }
        catch (Exception)
        {
            // OnCallbackFailed must not throw; if it does anyway, dropping the report is the only
            // option that keeps the exception out of native code.
        }
    }
}
