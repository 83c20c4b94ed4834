using System.Runtime.InteropServices;

namespace GyroEdge.Messaging.Mosquitto.Interop;

/// <summary>
/// <c>struct mosquitto_message</c> (mosquitto.h @v2.0.11), read in place inside on_message. The
/// library frees it, topic and payload included, as soon as the callback returns, so everything
/// the caller keeps is copied out first.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MosquittoMessage
{
    public int Mid;             // int mid;
    public nint Topic;          // char *topic;
    public nint Payload;        // void *payload;
    public int PayloadLength;   // int payloadlen;
    public int Qos;             // int qos;
    public byte Retain;         // bool retain;  (one byte in C)
}
