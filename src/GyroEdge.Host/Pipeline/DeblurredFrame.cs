using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Gyro;
using GyroEdge.Inference.Engine;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// A deblurred frame on its way to the outbox: the engine's RGB output, then its JPEG, and what
/// the frame's metadata says. Pooled (<see cref="DeblurredFramePool"/>); the buffers are made
/// once, the JPEG buffer grows only past the largest JPEG so far.
/// </summary>
public sealed class DeblurredFrame
{
    private readonly DeblurredFramePool _pool;

    internal DeblurredFrame(DeblurredFramePool pool, int width, int height)
    {
        _pool = pool;
        Width = width;
        Height = height;
        Rgb = GC.AllocateUninitializedArray<byte>(width * height * 3, pinned: true);
        Jpeg = new byte[Math.Max(64 * 1024, width * height / 2)];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Tightly packed RGB24 from the engine.</summary>
    public byte[] Rgb { get; }

    public byte[] Jpeg { get; private set; }

    public int JpegLength { get; private set; }

    public int JpegQuality { get; internal set; }

    public bool IsSnapshot { get; internal set; }

    public long Sequence { get; internal set; }

    public ExposureWindow Exposure { get; internal set; }

    public GyroQuality Quality { get; internal set; }

    public DeblurResult Result { get; internal set; }

    public long CapturedNs { get; internal set; }

    public double MotionMs { get; internal set; }

    public double InferenceMs { get; internal set; }

    public double EncodeMs { get; internal set; }

    public ReadOnlySpan<byte> JpegBytes => Jpeg.AsSpan(0, JpegLength);

    internal void SetJpeg(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length > Jpeg.Length)
            Jpeg = new byte[jpeg.Length + (jpeg.Length / 4)];
        jpeg.CopyTo(Jpeg);
        JpegLength = jpeg.Length;
    }

    public void Release()
    {
        JpegLength = 0;
        IsSnapshot = false;
        _pool.Return(this);
    }
}
