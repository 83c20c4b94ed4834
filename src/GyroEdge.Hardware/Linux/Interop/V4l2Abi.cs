using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GyroEdge.Hardware.Linux.Interop;

/// <summary>include/uapi/linux/videodev2.h: what single-planar mmap capture needs.</summary>
internal static class V4l2Abi
{
    private const uint V4l2IoctlType = 'V';

    // v4l2_capability.capabilities / device_caps
    public const uint V4L2_CAP_VIDEO_CAPTURE = 0x00000001;
    public const uint V4L2_CAP_VIDEO_CAPTURE_MPLANE = 0x00001000;
    public const uint V4L2_CAP_STREAMING = 0x04000000;
    public const uint V4L2_CAP_DEVICE_CAPS = 0x80000000;

    // enum v4l2_buf_type, enum v4l2_memory, enum v4l2_field
    public const uint V4L2_BUF_TYPE_VIDEO_CAPTURE = 1;
    public const uint V4L2_MEMORY_MMAP = 1;
    public const uint V4L2_FIELD_ANY = 0;
    public const uint V4L2_FIELD_NONE = 1;

    // v4l2_buffer.flags
    public const uint V4L2_BUF_FLAG_MAPPED = 0x00000001;
    public const uint V4L2_BUF_FLAG_QUEUED = 0x00000002;
    public const uint V4L2_BUF_FLAG_DONE = 0x00000004;
    public const uint V4L2_BUF_FLAG_ERROR = 0x00000040;
    public const uint V4L2_BUF_FLAG_TIMESTAMP_MASK = 0x0000e000;
    public const uint V4L2_BUF_FLAG_TIMESTAMP_UNKNOWN = 0x00000000;
    public const uint V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC = 0x00002000;
    public const uint V4L2_BUF_FLAG_TIMESTAMP_COPY = 0x00004000;
    public const uint V4L2_BUF_FLAG_TSTAMP_SRC_MASK = 0x00070000;
    public const uint V4L2_BUF_FLAG_TSTAMP_SRC_EOF = 0x00000000;
    public const uint V4L2_BUF_FLAG_TSTAMP_SRC_SOE = 0x00010000;

    // v4l2_fmtdesc.flags
    public const uint V4L2_FMT_FLAG_COMPRESSED = 0x0001;
    public const uint V4L2_FMT_FLAG_EMULATED = 0x0002;

    // v4l2_fourcc(a, b, c, d) = a | b << 8 | c << 16 | d << 24
    public const uint V4L2_PIX_FMT_YUYV = (uint)'Y' | ((uint)'U' << 8) | ((uint)'Y' << 16) | ((uint)'V' << 24);
    public const uint V4L2_PIX_FMT_GREY = (uint)'G' | ((uint)'R' << 8) | ((uint)'E' << 16) | ((uint)'Y' << 24);
    public const uint V4L2_PIX_FMT_RGB24 = (uint)'R' | ((uint)'G' << 8) | ((uint)'B' << 16) | ((uint)'3' << 24);
    public const uint V4L2_PIX_FMT_MJPEG = (uint)'M' | ((uint)'J' << 8) | ((uint)'P' << 16) | ((uint)'G' << 24);
    public const uint V4L2_PIX_FMT_NV12 = (uint)'N' | ((uint)'V' << 8) | ((uint)'1' << 16) | ((uint)'2' << 24);

    /// <summary>_IOR('V', 0, struct v4l2_capability)</summary>
    public static readonly uint VIDIOC_QUERYCAP = IoctlEncoding.IoR(V4l2IoctlType, 0, Unsafe.SizeOf<v4l2_capability>());

    /// <summary>_IOWR('V', 2, struct v4l2_fmtdesc)</summary>
    public static readonly uint VIDIOC_ENUM_FMT = IoctlEncoding.IoWR(V4l2IoctlType, 2, Unsafe.SizeOf<v4l2_fmtdesc>());

    /// <summary>_IOWR('V', 4, struct v4l2_format)</summary>
    public static readonly uint VIDIOC_G_FMT = IoctlEncoding.IoWR(V4l2IoctlType, 4, Unsafe.SizeOf<v4l2_format>());

    /// <summary>_IOWR('V', 5, struct v4l2_format)</summary>
    public static readonly uint VIDIOC_S_FMT = IoctlEncoding.IoWR(V4l2IoctlType, 5, Unsafe.SizeOf<v4l2_format>());

    /// <summary>_IOWR('V', 8, struct v4l2_requestbuffers)</summary>
    public static readonly uint VIDIOC_REQBUFS = IoctlEncoding.IoWR(V4l2IoctlType, 8, Unsafe.SizeOf<v4l2_requestbuffers>());

    /// <summary>_IOWR('V', 9, struct v4l2_buffer)</summary>
    public static readonly uint VIDIOC_QUERYBUF = IoctlEncoding.IoWR(V4l2IoctlType, 9, Unsafe.SizeOf<v4l2_buffer>());

    /// <summary>_IOWR('V', 15, struct v4l2_buffer)</summary>
    public static readonly uint VIDIOC_QBUF = IoctlEncoding.IoWR(V4l2IoctlType, 15, Unsafe.SizeOf<v4l2_buffer>());

    /// <summary>_IOWR('V', 17, struct v4l2_buffer)</summary>
    public static readonly uint VIDIOC_DQBUF = IoctlEncoding.IoWR(V4l2IoctlType, 17, Unsafe.SizeOf<v4l2_buffer>());

    /// <summary>_IOW('V', 18, int): the argument points at the buffer type.</summary>
    public static readonly uint VIDIOC_STREAMON = IoctlEncoding.IoW(V4l2IoctlType, 18, sizeof(int));

    /// <summary>_IOW('V', 19, int)</summary>
    public static readonly uint VIDIOC_STREAMOFF = IoctlEncoding.IoW(V4l2IoctlType, 19, sizeof(int));
}

// Type and field names are the C names: the layout test finds each fact the headers print by name.
// An anonymous C union is a nested field named u.

/// <summary>struct v4l2_capability: 104 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_capability
{
    public fixed byte driver[16];   // __u8[16]
    public fixed byte card[32];     // __u8[32]
    public fixed byte bus_info[32]; // __u8[32]
    public uint version;            // __u32, KERNEL_VERSION
    public uint capabilities;       // __u32, of the physical device
    public uint device_caps;        // __u32, of this node (valid with V4L2_CAP_DEVICE_CAPS)
    public fixed uint reserved[3];  // __u32[3]
}

/// <summary>struct v4l2_fmtdesc: 64 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_fmtdesc
{
    public uint index;                 // __u32
    public uint type;                  // __u32, enum v4l2_buf_type
    public uint flags;                 // __u32
    public fixed byte description[32]; // __u8[32]
    public uint pixelformat;           // __u32, fourcc
    public uint mbus_code;             // __u32
    public fixed uint reserved[3];     // __u32[3]
}

/// <summary>The anonymous union { ycbcr_enc; hsv_enc; } of struct v4l2_pix_format.</summary>
[StructLayout(LayoutKind.Explicit, Size = 4)]
internal struct v4l2_pix_format_encoding
{
    [FieldOffset(0)] public uint ycbcr_enc; // __u32, enum v4l2_ycbcr_encoding
    [FieldOffset(0)] public uint hsv_enc;   // __u32, enum v4l2_hsv_encoding
}

/// <summary>struct v4l2_pix_format: 48 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct v4l2_pix_format
{
    public uint width;                  // __u32
    public uint height;                 // __u32
    public uint pixelformat;            // __u32, fourcc
    public uint field;                  // __u32, enum v4l2_field
    public uint bytesperline;           // __u32
    public uint sizeimage;              // __u32
    public uint colorspace;             // __u32, enum v4l2_colorspace
    public uint priv;                   // __u32
    public uint flags;                  // __u32
    public v4l2_pix_format_encoding u;  // union { ycbcr_enc; hsv_enc; }
    public uint quantization;           // __u32
    public uint xfer_func;              // __u32
}

/// <summary>
/// The union fmt of struct v4l2_format: 200 bytes. Only pix (single-planar capture) is bound;
/// raw_data keeps the size. Some members (v4l2_window) hold pointers, which makes the C union
/// 8-aligned on LP64 and puts it at offset 8, hence the explicit offsets of v4l2_format.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 200)]
internal unsafe struct v4l2_format_union
{
    [FieldOffset(0)] public v4l2_pix_format pix; // struct v4l2_pix_format
    [FieldOffset(0)] public fixed byte raw_data[200]; // __u8[200]
}

/// <summary>struct v4l2_format: 208 bytes on LP64.</summary>
[StructLayout(LayoutKind.Explicit, Size = 208)]
internal struct v4l2_format
{
    [FieldOffset(0)] public uint type;            // __u32, enum v4l2_buf_type
    [FieldOffset(8)] public v4l2_format_union fmt; // union { pix; pix_mp; win; ... raw_data[200]; }
}

/// <summary>struct v4l2_requestbuffers: 20 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_requestbuffers
{
    public uint count;            // __u32
    public uint type;             // __u32, enum v4l2_buf_type
    public uint memory;           // __u32, enum v4l2_memory
    public uint capabilities;     // __u32
    public byte flags;            // __u8
    public fixed byte reserved[3]; // __u8[3]
}

/// <summary>struct v4l2_timecode: 16 bytes (unused by GyroEdge; kept for the layout).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_timecode
{
    public uint type;              // __u32
    public uint flags;             // __u32
    public byte frames;            // __u8
    public byte seconds;           // __u8
    public byte minutes;           // __u8
    public byte hours;             // __u8
    public fixed byte userbits[4]; // __u8[4]
}

/// <summary>The union m of struct v4l2_buffer: 8 bytes on LP64.</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
internal struct v4l2_buffer_location
{
    [FieldOffset(0)] public uint offset;  // __u32, V4L2_MEMORY_MMAP: pass to mmap
    [FieldOffset(0)] public nuint userptr; // unsigned long
    [FieldOffset(0)] public nint planes;  // struct v4l2_plane *
    [FieldOffset(0)] public int fd;       // __s32, V4L2_MEMORY_DMABUF
}

/// <summary>The anonymous union { request_fd; reserved; } of struct v4l2_buffer.</summary>
[StructLayout(LayoutKind.Explicit, Size = 4)]
internal struct v4l2_buffer_request
{
    [FieldOffset(0)] public int request_fd; // __s32
    [FieldOffset(0)] public uint reserved;  // __u32
}

/// <summary>struct v4l2_buffer: 88 bytes on LP64.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct v4l2_buffer
{
    public uint index;                // __u32
    public uint type;                 // __u32, enum v4l2_buf_type
    public uint bytesused;            // __u32
    public uint flags;                // __u32, incl. timestamp type and source
    public uint field;                // __u32, enum v4l2_field
    public timeval timestamp;         // struct timeval
    public v4l2_timecode timecode;    // struct v4l2_timecode
    public uint sequence;             // __u32, counts dropped frames too
    public uint memory;               // __u32, enum v4l2_memory
    public v4l2_buffer_location m;    // union { offset; userptr; planes; fd; }
    public uint length;               // __u32
    public uint reserved2;            // __u32
    public v4l2_buffer_request u;     // union { request_fd; reserved; }
}
