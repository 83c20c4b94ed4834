using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GyroEdge.Hardware.Linux.Interop;

/// <summary>include/uapi/linux/gpio.h, ABI v2 (Linux 5.10+).</summary>
internal static class GpioAbi
{
    private const uint GpioIoctlType = 0xB4;

    public const int GPIO_MAX_NAME_SIZE = 32;
    public const int GPIO_V2_LINES_MAX = 64;
    public const int GPIO_V2_LINE_NUM_ATTRS_MAX = 10;

    // enum gpio_v2_line_flag
    public const ulong GPIO_V2_LINE_FLAG_USED = 1UL << 0;
    public const ulong GPIO_V2_LINE_FLAG_ACTIVE_LOW = 1UL << 1;
    public const ulong GPIO_V2_LINE_FLAG_INPUT = 1UL << 2;
    public const ulong GPIO_V2_LINE_FLAG_OUTPUT = 1UL << 3;
    public const ulong GPIO_V2_LINE_FLAG_EDGE_RISING = 1UL << 4;
    public const ulong GPIO_V2_LINE_FLAG_EDGE_FALLING = 1UL << 5;
    public const ulong GPIO_V2_LINE_FLAG_OPEN_DRAIN = 1UL << 6;
    public const ulong GPIO_V2_LINE_FLAG_OPEN_SOURCE = 1UL << 7;
    public const ulong GPIO_V2_LINE_FLAG_BIAS_PULL_UP = 1UL << 8;
    public const ulong GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN = 1UL << 9;
    public const ulong GPIO_V2_LINE_FLAG_BIAS_DISABLED = 1UL << 10;

    /// <summary>Linux 5.11+; older kernels reject the unknown bit with EINVAL.</summary>
    public const ulong GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME = 1UL << 11;

    /// <summary>Linux 5.19+ (NVIDIA backports it to JetPack 6's 5.15); EOPNOTSUPP without an HTE provider.</summary>
    public const ulong GPIO_V2_LINE_FLAG_EVENT_CLOCK_HTE = 1UL << 12;

    // enum gpio_v2_line_attr_id
    public const uint GPIO_V2_LINE_ATTR_ID_FLAGS = 1;
    public const uint GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES = 2;
    public const uint GPIO_V2_LINE_ATTR_ID_DEBOUNCE = 3;

    // enum gpio_v2_line_event_id
    public const uint GPIO_V2_LINE_EVENT_RISING_EDGE = 1;
    public const uint GPIO_V2_LINE_EVENT_FALLING_EDGE = 2;

    /// <summary>_IOR(0xB4, 0x01, struct gpiochip_info)</summary>
    public static readonly uint GPIO_GET_CHIPINFO_IOCTL = IoctlEncoding.IoR(GpioIoctlType, 0x01, Unsafe.SizeOf<gpiochip_info>());

    /// <summary>_IOWR(0xB4, 0x05, struct gpio_v2_line_info)</summary>
    public static readonly uint GPIO_V2_GET_LINEINFO_IOCTL = IoctlEncoding.IoWR(GpioIoctlType, 0x05, Unsafe.SizeOf<gpio_v2_line_info>());

    /// <summary>_IOWR(0xB4, 0x07, struct gpio_v2_line_request)</summary>
    public static readonly uint GPIO_V2_GET_LINE_IOCTL = IoctlEncoding.IoWR(GpioIoctlType, 0x07, Unsafe.SizeOf<gpio_v2_line_request>());
}

// Type and field names are the C names: the layout test finds each fact the headers print by name.
// Arrays of structs use [InlineArray]; arrays of scalars use fixed buffers.

/// <summary>struct gpiochip_info: 68 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct gpiochip_info
{
    public fixed byte name[GpioAbi.GPIO_MAX_NAME_SIZE];  // char[32]
    public fixed byte label[GpioAbi.GPIO_MAX_NAME_SIZE]; // char[32]
    public uint lines;                                   // __u32
}

/// <summary>The anonymous union of struct gpio_v2_line_attribute: 8 bytes, 8-aligned (__aligned_u64).</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
internal struct gpio_v2_line_attribute_value
{
    [FieldOffset(0)] public ulong flags;            // __aligned_u64
    [FieldOffset(0)] public ulong values;           // __aligned_u64
    [FieldOffset(0)] public uint debounce_period_us; // __u32
}

/// <summary>struct gpio_v2_line_attribute: 16 bytes. The union is anonymous in C; its members are reached through <see cref="u"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct gpio_v2_line_attribute
{
    public uint id;                         // __u32
    public uint padding;                    // __u32
    public gpio_v2_line_attribute_value u;  // union { flags; values; debounce_period_us; }
}

/// <summary>struct gpio_v2_line_config_attribute: 24 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct gpio_v2_line_config_attribute
{
    public gpio_v2_line_attribute attr; // struct gpio_v2_line_attribute
    public ulong mask;                  // __aligned_u64
}

[InlineArray(GpioAbi.GPIO_V2_LINE_NUM_ATTRS_MAX)]
internal struct gpio_v2_line_config_attribute_array
{
    private gpio_v2_line_config_attribute element;
}

[InlineArray(GpioAbi.GPIO_V2_LINE_NUM_ATTRS_MAX)]
internal struct gpio_v2_line_attribute_array
{
    private gpio_v2_line_attribute element;
}

/// <summary>struct gpio_v2_line_config: 272 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct gpio_v2_line_config
{
    public ulong flags;                               // __aligned_u64
    public uint num_attrs;                            // __u32
    public fixed uint padding[5];                     // __u32[5]
    public gpio_v2_line_config_attribute_array attrs; // struct gpio_v2_line_config_attribute[10]
}

/// <summary>struct gpio_v2_line_request: 592 bytes, the argument of GPIO_V2_GET_LINE_IOCTL.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct gpio_v2_line_request
{
    public fixed uint offsets[GpioAbi.GPIO_V2_LINES_MAX];     // __u32[64]
    public fixed byte consumer[GpioAbi.GPIO_MAX_NAME_SIZE];   // char[32]
    public gpio_v2_line_config config;                        // struct gpio_v2_line_config
    public uint num_lines;                                    // __u32
    public uint event_buffer_size;                            // __u32
    public fixed uint padding[5];                             // __u32[5]
    public int fd;                                            // __s32, filled in by the kernel
}

/// <summary>struct gpio_v2_line_info: 256 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct gpio_v2_line_info
{
    public fixed byte name[GpioAbi.GPIO_MAX_NAME_SIZE];     // char[32]
    public fixed byte consumer[GpioAbi.GPIO_MAX_NAME_SIZE]; // char[32]
    public uint offset;                                     // __u32
    public uint num_attrs;                                  // __u32
    public ulong flags;                                     // __aligned_u64
    public gpio_v2_line_attribute_array attrs;              // struct gpio_v2_line_attribute[10]
    public fixed uint padding[4];                           // __u32[4]
}

/// <summary>struct gpio_v2_line_event: 48 bytes, what read() on a line request fd returns.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct gpio_v2_line_event
{
    public ulong timestamp_ns;    // __aligned_u64
    public uint id;               // __u32, enum gpio_v2_line_event_id
    public uint offset;           // __u32
    public uint seqno;            // __u32, across all lines of the request
    public uint line_seqno;       // __u32, on this line
    public fixed uint padding[6]; // __u32[6]
}
