using Microsoft.Win32.SafeHandles;

namespace GyroEdge.Messaging.Mosquitto.Interop;

/// <summary>
/// Owns one <c>struct mosquitto*</c> from mosquitto_new. Releasing it calls mosquitto_destroy,
/// which pthread_cancels a network thread that is still running; MosquittoClient therefore stops
/// the loop (mosquitto_loop_stop) before it disposes this handle, so destroy never meets a live
/// thread that might be inside a managed callback.
/// </summary>
internal sealed class MosquittoHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public MosquittoHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        Libmosquitto.Destroy(handle);
        return true;
    }
}
