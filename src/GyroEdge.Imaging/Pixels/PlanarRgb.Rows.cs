using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GyroEdge.Imaging.Pixels;

// One row at a time, from bytes to the three float planes and back. Callers have checked every
// length, so the loops index through refs without bounds checks: they run a million times per
// 720p frame. The vector kernels (PlanarRgb.Vectors.cs) do the bulk; the scalar code here does
// what they leave (a row's last few pixels, or everything where vectors are not accelerated).
public static partial class PlanarRgb
{
    /// <summary>Pixels per chunk of the output path's stack scratch (6 rows of floats: 6 KiB).</summary>
    private const int Chunk = 256;

    private const float ByteToUnit = 1f / 255f;

    // Per-byte terms of the BT.601 limited-range decode (Bt601), precomputed once for the scalar path.
    private static readonly float[] LumaTerm = Table(v => (v - Bt601.LumaBlack) * Bt601.LumaScale);
    private static readonly float[] RedFromCr = Table(v => (v - Bt601.ChromaZero) * Bt601.CrToRed);
    private static readonly float[] BlueFromCb = Table(v => (v - Bt601.ChromaZero) * Bt601.CbToBlue);
    private static readonly float[] GreenFromCb = Table(v => (v - Bt601.ChromaZero) * Bt601.CbToGreen);
    private static readonly float[] GreenFromCr = Table(v => (v - Bt601.ChromaZero) * Bt601.CrToGreen);

    private const float LumaRed = (float)Bt601.Kr;
    private const float LumaGreen = (float)Bt601.Kg;
    private const float LumaBlue = (float)Bt601.Kb;

    // Limited-range encode: Y' = 16 + 219 L, Cb = 128 + 112 (B - L) / (1 - Kb), Cr = 128 + 112 (R - L) / (1 - Kr).
    private const float LumaOut = (float)Bt601.LumaRange;
    private const float CbOut = (float)(Bt601.ChromaHalfRange / (1.0 - Bt601.Kb));
    private const float CrOut = (float)(Bt601.ChromaHalfRange / (1.0 - Bt601.Kr));
    private const float LumaBlackLevel = (float)Bt601.LumaBlack + 0.5f; // + 0.5: round to nearest
    private const float ChromaZeroLevel = (float)Bt601.ChromaZero + 0.5f;

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
    private static float Luma(float r, float g, float b) => (LumaRed * r) + (LumaGreen * g) + (LumaBlue * b);

    // --- bytes to planes ---

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
        for (nint x = ReadYuyvVector(row, red, green, blue, width), i = 2 * x; x < width; x += 2, i += 4)
        {
            DecodePair(
                Lookup(LumaTerm, Unsafe.Add(ref src, i)), Lookup(LumaTerm, Unsafe.Add(ref src, i + 2)),
                Unsafe.Add(ref src, i + 1), Unsafe.Add(ref src, i + 3),
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
        for (nint x = ReadNv12Vector(luma, chroma, red, green, blue, width); x < width; x += 2)
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

    // --- planes to bytes: clamp (vectors) into stack scratch, then encode each chunk without branches ---

    /// <summary>Rounded 8-bit levels of clamped values.</summary>
    private static void Levels(ReadOnlySpan<float> source, Span<byte> levels)
    {
        for (var x = LevelsVector(source, levels); x < source.Length; x++)
            levels[x] = (byte)((Unit(source[x]) * 255f) + 0.5f);
    }

    /// <summary>Values clamped to [0,1], NaN to 0.</summary>
    private static void Units(ReadOnlySpan<float> source, Span<float> units)
    {
        for (var x = UnitsVector(source, units); x < source.Length; x++)
            units[x] = Unit(source[x]);
    }

    private static void WriteRgbRow(ReadOnlySpan<float> first, ReadOnlySpan<float> second, ReadOnlySpan<float> third, Span<byte> row, int width, Span<byte> scratch)
    {
        for (var start = 0; start < width; start += Chunk)
        {
            var count = Math.Min(Chunk, width - start);
            var a = scratch[..count];
            var b = scratch.Slice(Chunk, count);
            var c = scratch.Slice(2 * Chunk, count);
            Levels(first.Slice(start, count), a);
            Levels(second.Slice(start, count), b);
            Levels(third.Slice(start, count), c);
            var done = InterleaveVector(a, b, c, row[(3 * start)..], count);
            ref var dst = ref Unsafe.Add(ref MemoryMarshal.GetReference(row), 3 * start);
            for (nint x = done, i = 3 * done; x < count; x++, i += 3)
            {
                Unsafe.Add(ref dst, i) = a[(int)x];
                Unsafe.Add(ref dst, i + 1) = b[(int)x];
                Unsafe.Add(ref dst, i + 2) = c[(int)x];
            }
        }
    }

    private static void WriteGreyRow(ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, Span<byte> row, int width, Span<float> units)
    {
        for (var start = 0; start < width; start += Chunk)
        {
            var count = Math.Min(Chunk, width - start);
            UnitsOf(red, green, blue, start, count, units);
            var r = units[..count];
            var g = units.Slice(Chunk, count);
            var b = units.Slice(2 * Chunk, count);
            for (var x = 0; x < count; x++)
                row[start + x] = (byte)((Luma(r[x], g[x], b[x]) * 255f) + 0.5f);
        }
    }

    private static void WriteYuyvRow(ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, Span<byte> row, int width, Span<float> units)
    {
        // Chunk is even, so no chunk splits a pixel pair.
        for (var start = 0; start < width; start += Chunk)
        {
            var count = Math.Min(Chunk, width - start);
            UnitsOf(red, green, blue, start, count, units);
            var r = units[..count];
            var g = units.Slice(Chunk, count);
            var b = units.Slice(2 * Chunk, count);
            var dst = row.Slice(2 * start, 2 * count);
            for (var x = 0; x < count; x += 2)
            {
                var l0 = Luma(r[x], g[x], b[x]);
                var l1 = Luma(r[x + 1], g[x + 1], b[x + 1]);
                var i = 2 * x;
                dst[i] = (byte)((l0 * LumaOut) + LumaBlackLevel);
                dst[i + 2] = (byte)((l1 * LumaOut) + LumaBlackLevel);
                // Chroma is linear in R, G, B, so the chroma of the pair's mean is the mean of their chroma.
                var l = 0.5f * (l0 + l1);
                dst[i + 1] = (byte)(((0.5f * (b[x] + b[x + 1])) - l) * CbOut + ChromaZeroLevel);
                dst[i + 3] = (byte)(((0.5f * (r[x] + r[x + 1])) - l) * CrOut + ChromaZeroLevel);
            }
        }
    }

    private static void WriteNv12(ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, int planeWidth, Span<byte> output, int width, int height, Span<float> units)
    {
        var chroma = output[(width * height)..];
        for (var y = 0; y < height; y += 2)
        {
            for (var start = 0; start < width; start += Chunk)
            {
                var count = Math.Min(Chunk, width - start);
                var upper = units[..(3 * Chunk)];
                var lower = units[(3 * Chunk)..];
                UnitsOf(red, green, blue, (y * planeWidth) + start, count, upper);
                UnitsOf(red, green, blue, ((y + 1) * planeWidth) + start, count, lower);
                var r0 = upper[..count];
                var g0 = upper.Slice(Chunk, count);
                var b0 = upper.Slice(2 * Chunk, count);
                var r1 = lower[..count];
                var g1 = lower.Slice(Chunk, count);
                var b1 = lower.Slice(2 * Chunk, count);
                var top = output.Slice((y * width) + start, count);
                var bottom = output.Slice(((y + 1) * width) + start, count);
                var uv = chroma.Slice(((y / 2) * width) + start, count);
                for (var x = 0; x < count; x += 2)
                {
                    float la = Luma(r0[x], g0[x], b0[x]), lb = Luma(r0[x + 1], g0[x + 1], b0[x + 1]);
                    float lc = Luma(r1[x], g1[x], b1[x]), ld = Luma(r1[x + 1], g1[x + 1], b1[x + 1]);
                    top[x] = (byte)((la * LumaOut) + LumaBlackLevel);
                    top[x + 1] = (byte)((lb * LumaOut) + LumaBlackLevel);
                    bottom[x] = (byte)((lc * LumaOut) + LumaBlackLevel);
                    bottom[x + 1] = (byte)((ld * LumaOut) + LumaBlackLevel);
                    var l = 0.25f * (la + lb + lc + ld);
                    var blueMean = 0.25f * (b0[x] + b0[x + 1] + b1[x] + b1[x + 1]);
                    var redMean = 0.25f * (r0[x] + r0[x + 1] + r1[x] + r1[x + 1]);
                    uv[x] = (byte)(((blueMean - l) * CbOut) + ChromaZeroLevel);
                    uv[x + 1] = (byte)(((redMean - l) * CrOut) + ChromaZeroLevel);
                }
            }
        }
    }

    /// <summary>Clamps <paramref name="count"/> pixels from <paramref name="start"/> into the three Chunk-long rows of <paramref name="units"/>.</summary>
    private static void UnitsOf(
        ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, int start, int count, Span<float> units)
    {
        Units(red.Slice(start, count), units[..count]);
        Units(green.Slice(start, count), units.Slice(Chunk, count));
        Units(blue.Slice(start, count), units.Slice(2 * Chunk, count));
    }
}
