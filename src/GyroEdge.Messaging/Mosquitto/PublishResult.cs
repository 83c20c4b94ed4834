namespace GyroEdge.Messaging.Mosquitto;

/// <summary>What happened to a message handed to <see cref="MosquittoClient.Publish"/>.</summary>
public enum PublishStatus
{
    /// <summary>
    /// Queued for sending on the live connection. Not yet delivered: PublishCompleted reports the
    /// PUBACK (QoS 1) or PUBCOMP (QoS 2), or the hand-over to the OS (QoS 0).
    /// </summary>
    Queued,

    /// <summary>
    /// QoS 1/2 while disconnected. libmosquitto returned MOSQ_ERR_NO_CONN but KEPT the message in its
    /// (uncapped, in-memory) queue and resends it after the next CONNACK, raising PublishCompleted
    /// then (lib/actions.c, measured against mosquitto 2.0.11). Do not publish it again: that would
    /// deliver it twice. The queue dies with the process; a caller that must survive restarts keeps
    /// its own copy until PublishCompleted.
    /// </summary>
    QueuedWhileDisconnected,

    /// <summary>QoS 0 while disconnected: libmosquitto discarded the message.</summary>
    DroppedWhileDisconnected,
}

/// <summary>The outcome of a publish and the message id PublishCompleted will report for it.</summary>
public readonly record struct PublishResult(PublishStatus Status, int MessageId);
