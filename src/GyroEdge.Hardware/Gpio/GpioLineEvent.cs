namespace GyroEdge.Hardware.Gpio;

/// <summary>
/// One edge on a requested line: struct gpio_v2_line_event in managed form.
/// </summary>
/// <param name="TimestampNs">When the edge happened, in the request's <see cref="GpioEventClock"/> (CLOCK_MONOTONIC by default).</param>
/// <param name="Edge">Rising or falling.</param>
/// <param name="Offset">The line's offset on its chip.</param>
/// <param name="Seqno">Sequence number across all lines of the request, from 1; a gap means events were lost.</param>
/// <param name="LineSeqno">Sequence number on this line alone, from 1.</param>
public readonly record struct GpioLineEvent(long TimestampNs, GpioEdge Edge, uint Offset, uint Seqno, uint LineSeqno);
