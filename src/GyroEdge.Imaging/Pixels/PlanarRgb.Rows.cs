using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GyroEdge.Imaging.Pixels;

// One row at a time, from bytes to the three float planes and back. Callers have checked every
// length, so the loops index through refs without bounds checks: they run a million times per
// 720p frame.
public static partial class PlanarRgb
{
    private const float ByteToUnit = 1f / 255f;

    // Per-byte terms of the BT.601 limited-range decode (Bt601), precomputed once: a lookup is
    // cheaper than the multiply-add it replaces, four times per pixel.
    private static readonly float[] LumaTerm = Table(v => (v - Bt601.LumaBlack) * Bt601.LumaScale);
    private static readonly float[] RedFromCr = Table(v => (v - Bt601.ChromaZero) * Bt601.CrToRed);
    private static readonly float[] BlueFromCb = Table(v => (v - Bt601.ChromaZero) * Bt601.CbToBlue);
    private static readonly float[] GreenFromCb = Table(v => (v - Bt601.ChromaZero) * Bt601.CbToGreen);
    private static readonly float[] GreenFromCr = Table(v => (v - Bt601.ChromaZero) * Bt601.CrToGreen);

    private static float[] Table(Func<double, double> term)
    {
        var table = new float[256];
        for (var v = 0; v < 256; v++)
            table[v] = (float)term(v);
        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Lookup(float[] table, byte index) =>
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(table), index);

    /// <summary>[0,1] whatever the model produced: NaN and negatives to 0 (the comparison is false for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Unit(float value) => value > 0f ? (value < 1f ? value : 1f) : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Level(float unit) => (byte)((unit * 255f) + 0.5f);

    private static void ReadRgbRow(ReadOnlySpan<byte> row, Span<float> first, Span<float> second, Span<float> third, int width)
    {
        ref var src = ref MemoryMarshal.GetReference(row);
        ref var a = ref MemoryMarshal.GetReference(first);
        ref var b = ref MemoryMarshal.GetReference(second);
        ref var c = ref MemoryMarshal.GetReference(third);
        for (nint x = 0, i = 0; x < width; x++, i += 3)
        {
            Unsafe.Add(ref a, x) = Unsafe.Add(ref src, i) * ByteToUnit;
            Unsafe.Add(ref b, x) = Unsafe.Add(ref src, i + 1) * ByteToUnit;
            Unsafe.Add(ref c, x) = Unsafe.Add(ref src, i + 2) * ByteToUnit;
        }
    }

    private static void ReadGreyRow(ReadOnlySpan<byte> row, Span<float> red, Span<float> green, Span<float> blue, int width)
    {
        ref var src = ref MemoryMarshal.GetReference(row);
        ref var r = ref MemoryMarshal.GetReference(red);
        for (nint x = 0; x < width; x++)
            Unsafe.Add(ref r, x) = Unsafe.Add(ref src, x) * ByteToUnit;
        red[..width].CopyTo(green);
        red[..width].CopyTo(blue);
    }

    private static void ReadYuyvRow(ReadOnlySpan<byte> row, Span<float> red, Span<float> green, Span<float> blue, int width)
    {
        ref var src = ref MemoryMarshal.GetReference(row);
        ref var r = ref MemoryMarshal.GetReference(red);
        ref var g = ref MemoryMarshal.GetReference(green);
        ref var b = ref MemoryMarshal.GetReference(blue);
        for (nint x = 0, i = 0; x < width; x += 2, i += 4)
        {
            var cb = Unsafe.Add(ref src, i + 1);
            var cr = Unsafe.Add(ref src, i + 3);
            DecodePair(
                Lookup(LumaTerm, Unsafe.Add(ref src, i)), Lookup(LumaTerm, Unsafe.Add(ref src, i + 2)), cb, cr,
                ref Unsafe.Add(ref r, x), ref Unsafe.Add(ref g, x), ref Unsafe.Add(ref b, x));
        }
    }

    private static void ReadNv12Row(ReadOnlySpan<byte> luma, ReadOnlySpan<byte> chroma, Span<float> red, Span<float> green, Span<float> blue, int width)
    {
        ref var ys = ref MemoryMarshal.GetReference(luma);
        ref var uv = ref MemoryMarshal.GetReference(chroma);
        ref var r = ref MemoryMarshal.GetReference(red);
        ref var g = ref MemoryMarshal.GetReference(green);
        ref var b = ref MemoryMarshal.GetReference(blue);
        for (nint x = 0; x < width; x += 2)
        {
            DecodePair(
                Lookup(LumaTerm, Unsafe.Add(ref ys, x)), Lookup(LumaTerm, Unsafe.Add(ref ys, x + 1)),
                Unsafe.Add(ref uv, x), Unsafe.Add(ref uv, x + 1),
                ref Unsafe.Add(ref r, x), ref Unsafe.Add(ref g, x), ref Unsafe.Add(ref b, x));
        }
    }

    /// <summary>Two pixels sharing one Cb, Cr pair (BT.601 limited range), clamped to [0,1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DecodePair(float y0, float y1, byte cb, byte cr, ref float r, ref float g, ref float b)
    {
        var redTerm = Lookup(RedFromCr, cr);
        var greenTerm = Lookup(GreenFromCb, cb) + Lookup(GreenFromCr, cr);
        var blueTerm = Lookup(BlueFromCb, cb);
        r = Unit(y0 + redTerm);
        g = Unit(y0 - greenTerm);
        b = Unit(y0 + blueTerm);
        Unsafe.Add(ref r, 1) = Unit(y1 + redTerm);
        Unsafe.Add(ref g, 1) = Unit(y1 - greenTerm);
        Unsafe.Add(ref b, 1) = Unit(y1 + blueTerm);
    }

    private static void WriteRgbRow(ReadOnlySpan<float> first, ReadOnlySpan<float> second, ReadOnlySpan<float> third, Span<byte> row, int width)
    {
        ref var dst = ref MemoryMarshal.GetReference(row);
        ref var a = ref MemoryMarshal.GetReference(first);
        ref var b = ref MemoryMarshal.GetReference(second);
        ref var c = ref MemoryMarshal.GetReference(third);
        for (nint x = 0, i = 0; x < width; x++, i += 3)
        {
            Unsafe.Add(ref dst, i) = Level(Unit(Unsafe.Add(ref a, x)));
            Unsafe.Add(ref dst, i + 1) = Level(Unit(Unsafe.Add(ref b, x)));
            Unsafe.Add(ref dst, i + 2) = Level(Unit(Unsafe.Add(ref c, x)));
        }
    }

    private const float LumaRed = (float)Bt601.Kr;
    private const float LumaGreen = (float)Bt601.Kg;
    private const float LumaBlue = (float)Bt601.Kb;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Luma(float r, float g, float b) => (LumaRed * r) + (LumaGreen * g) + (LumaBlue * b);

    private static void WriteGreyRow(ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, Span<byte> row, int width)
    {
        ref var dst = ref MemoryMarshal.GetReference(row);
        ref var r = ref MemoryMarshal.GetReference(red);
        ref var g = ref MemoryMarshal.GetReference(green);
        ref var b = ref MemoryMarshal.GetReference(blue);
        for (nint x = 0; x < width; x++)
            Unsafe.Add(ref dst, x) = Level(Luma(Unit(Unsafe.Add(ref r, x)), Unit(Unsafe.Add(ref g, x)), Unit(Unsafe.Add(ref b, x))));
    }

    // Limited-range encode: Y' = 16 + 219 L, Cb = 128 + 112 (B - L) / (1 - Kb), Cr = 128 + 112 (R - L) / (1 - Kr).
    private const float LumaOut = (float)Bt601.LumaRange;
    private const float CbOut = (float)(Bt601.ChromaHalfRange / (1.0 - Bt601.Kb));
    private const float CrOut = (float)(Bt601.ChromaHalfRange / (1.0 - Bt601.Kr));
    private const float LumaBlackLevel = (float)Bt601.LumaBlack + 0.5f; // + 0.5: round to nearest
    private const float ChromaZeroLevel = (float)Bt601.ChromaZero + 0.5f;

    private static void WriteYuyvRow(ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, Span<byte> row, int width)
    {
        ref var dst = ref MemoryMarshal.GetReference(row);
        ref var rs = ref MemoryMarshal.GetReference(red);
        ref var gs = ref MemoryMarshal.GetReference(green);
        ref var bs = ref MemoryMarshal.GetReference(blue);
        for (nint x = 0, i = 0; x < width; x += 2, i += 4)
        {
            float r0 = Unit(Unsafe.Add(ref rs, x)), g0 = Unit(Unsafe.Add(ref gs, x)), b0 = Unit(Unsafe.Add(ref bs, x));
            float r1 = Unit(Unsafe.Add(ref rs, x + 1)), g1 = Unit(Unsafe.Add(ref gs, x + 1)), b1 = Unit(Unsafe.Add(ref bs, x + 1));
            var l0 = Luma(r0, g0, b0);
            var l1 = Luma(r1, g1, b1);
            Unsafe.Add(ref dst, i) = (byte)((l0 * LumaOut) + LumaBlackLevel);
            Unsafe.Add(ref dst, i + 2) = (byte)((l1 * LumaOut) + LumaBlackLevel);
            // Chroma is linear in R, G, B, so the chroma of the pair's mean is the mean of their chroma.
            var l = 0.5f * (l0 + l1);
            Unsafe.Add(ref dst, i + 1) = (byte)(((0.5f * (b0 + b1)) - l) * CbOut + ChromaZeroLevel);
            Unsafe.Add(ref dst, i + 3) = (byte)(((0.5f * (r0 + r1)) - l) * CrOut + ChromaZeroLevel);
        }
    }

    private static void WriteNv12(ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, int planeWidth, Span<byte> output, int width, int height)
    {
        ref var dst = ref MemoryMarshal.GetReference(output);
        ref var rs = ref MemoryMarshal.GetReference(red);
        ref var gs = ref MemoryMarshal.GetReference(green);
        ref var bs = ref MemoryMarshal.GetReference(blue);
        nint chromaStart = width * height;
        for (nint y = 0; y < height; y += 2)
        {
            nint top = y * planeWidth;
            nint bottom = top + planeWidth;
            nint lumaTop = y * width;
            nint lumaBottom = lumaTop + width;
            nint chromaRow = chromaStart + ((y / 2) * width);
            for (nint x = 0; x < width; x += 2)
            {
                float sumR = 0, sumB = 0, sumL = 0;
                for (nint k = 0; k < 4; k++)
                {
                    var p = ((k & 2) == 0 ? top : bottom) + x + (k & 1);
                    float r = Unit(Unsafe.Add(ref rs, p)), g = Unit(Unsafe.Add(ref gs, p)), b = Unit(Unsafe.Add(ref bs, p));
                    var l = Luma(r, g, b);
                    Unsafe.Add(ref dst, ((k & 2) == 0 ? lumaTop : lumaBottom) + x + (k & 1)) = (byte)((l * LumaOut) + LumaBlackLevel);
                    sumR += r;
                    sumB += b;
                    sumL += l;
                }
                Unsafe.Add(ref dst, chromaRow + x) = (byte)(((0.25f * (sumB - sumL)) * CbOut) + ChromaZeroLevel);
                Unsafe.Add(ref dst, chromaRow + x + 1) = (byte)(((0.25f * (sumR - sumL)) * CrOut) + ChromaZeroLevel);
            }
        }
    }
}
