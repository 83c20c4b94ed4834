namespace GyroEdge.Hardware.Linux.V4l2;

/// <summary>
/// A filled buffer dequeued with VIDIOC_DQBUF. Its pixels (<see cref="V4l2Capture.GetData"/>)
/// stay valid until the frame is handed back with <see cref="V4l2Capture.Requeue"/>.
/// </summary>
/// <param name="Index">The buffer's index, for requeueing.</param>
/// <param name="BytesUsed">Bytes of image data in the buffer.</param>
/// <param name="Sequence">The driver's frame counter; a jump of more than one means frames were dropped.</param>
/// <param name="TimestampNs">The buffer timestamp (struct timeval) in nanoseconds, on <paramref name="TimestampType"/>'s clock.</param>
/// <param name="TimestampType">The clock.</param>
/// <param name="TimestampSource">Start of exposure or end of frame.</param>
/// <param name="IsCorrupt">V4L2_BUF_FLAG_ERROR: the driver delivered the buffer but its data may be damaged.</param>
public readonly record struct V4l2Frame(
    int Index,
    uint BytesUsed,
    uint Sequence,
    long TimestampNs,
    V4l2TimestampType TimestampType,
    V4l2TimestampSource TimestampSource,
    bool IsCorrupt);
