using GyroEdge.Hardware.Gpio;

namespace GyroEdge.Hardware.Linux.Gpio;

/// <summary>
/// Input lines to watch for edges, and how: the fields of struct gpio_v2_line_request that
/// matter for an exposure strobe. Checked by <see cref="GpioChip.RequestEdgeEvents"/>, which
/// names the offending property.
/// </summary>
public sealed class GpioEdgeRequest
{
    /// <summary>Line offsets on the chip, 1 to 64 of them, distinct.</summary>
    public required IReadOnlyList<uint> Offsets { get; init; }

    public GpioEdgeDetection Edges { get; init; } = GpioEdgeDetection.Both;

    /// <summary>Defaults to CLOCK_MONOTONIC, the timebase of every other GyroEdge timestamp.</summary>
    public GpioEventClock Clock { get; init; } = GpioEventClock.Monotonic;

    /// <summary>
    /// Debounce period (GPIO_V2_LINE_ATTR_ID_DEBOUNCE, microsecond resolution); zero for none.
    /// A camera strobe is clean, and debounce delays edges, so leave it off unless the line is a
    /// switch. Done in software by the kernel where the chip cannot.
    /// </summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.Zero;

    public GpioBias Bias { get; init; } = GpioBias.AsIs;

    /// <summary>Swap the sense of rising and falling (for an active-low strobe).</summary>
    public bool ActiveLow { get; init; }

    /// <summary>The label others see in `gpioinfo`; at most 31 bytes of UTF-8.</summary>
    public string Consumer { get; init; } = "gyroedge";

    /// <summary>Events the kernel should buffer (a suggestion it may raise or cap); 0 means 16 per line.</summary>
    public uint EventBufferSize { get; init; }

    /// <summary>How many events one <see cref="GpioLineRequest.ReadEvents"/> can fetch: the size of its preallocated buffer.</summary>
    public int ReadBatchSize { get; init; } = 64;
}
