using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GyroEdge.Imaging.Pixels;

// The per-frame hot loops in 128-bit vectors (SSE/AVX on x64, NEON on a Jetson's Arm cores): they
// decide how much the engine adds to the model's time. Clamping is done with vector compares
// rather than branches, which real images (and noise) mispredict badly. Every kernel handles
// whole groups of 8 or 16 pixels; the callers finish a row's remainder with the scalar code.
public static partial class PlanarRgb
{
    private static readonly Vector128<float> Zero = Vector128<float>.Zero;
    private static readonly Vector128<float> One = Vector128.Create(1f);

    /// <summary>[0,1], NaN to 0: the comparison is false for NaN, so the select yields 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> UnitVector(Vector128<float> value) =>
        Vector128.Min(Vector128.ConditionalSelect(Vector128.GreaterThan(value, Zero), value, Zero), One);

    /// <summary>Clamped [0,1] floats to rounded 8-bit levels, 16 at a time; returns how many were done.</summary>
    private static int LevelsVector(ReadOnlySpan<float> source, Span<byte> levels)
    {
        if (!Vector128.IsHardwareAccelerated)
            return 0;
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(levels);
        var scale = Vector128.Create(255f);
        var half = Vector128.Create(0.5f);
        var count = Math.Min(source.Length, levels.Length) & ~15;
        for (nuint x = 0; x < (nuint)count; x += 16)
        {
            var a = Vector128.ConvertToInt32((UnitVector(Vector128.LoadUnsafe(ref src, x)) * scale) + half);
            var b = Vector128.ConvertToInt32((UnitVector(Vector128.LoadUnsafe(ref src, x + 4)) * scale) + half);
            var c = Vector128.ConvertToInt32((UnitVector(Vector128.LoadUnsafe(ref src, x + 8)) * scale) + half);
            var d = Vector128.ConvertToInt32((UnitVector(Vector128.LoadUnsafe(ref src, x + 12)) * scale) + half);
            // Every value is 0..255, so narrowing (which truncates) keeps it exactly.
            var bytes = Vector128.Narrow(Vector128.Narrow(a, b), Vector128.Narrow(c, d)).AsByte();
            bytes.StoreUnsafe(ref dst, x);
        }
        return count;
    }

    /// <summary>Clamps to [0,1] (NaN to 0), 4 at a time; returns how many were done.</summary>
    private static int UnitsVector(ReadOnlySpan<float> source, Span<float> units)
    {
        if (!Vector128.IsHardwareAccelerated)
            return 0;
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(units);
        var count = Math.Min(source.Length, units.Length) & ~3;
        for (nuint x = 0; x < (nuint)count; x += 4)
            UnitVector(Vector128.LoadUnsafe(ref src, x)).StoreUnsafe(ref dst, x);
        return count;
    }

    /// <summary>BT.601 limited-range decode of 8 pixels from their Y' bytes and per-pixel (already duplicated) Cb, Cr bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DecodeEight(Vector128<byte> luma, Vector128<byte> cb, Vector128<byte> cr, ref float r, ref float g, ref float b, nuint x)
    {
        var lumaBlack = Vector128.Create((float)Bt601.LumaBlack);
        var lumaScale = Vector128.Create(Bt601.LumaScale);
        var chromaZero = Vector128.Create((float)Bt601.ChromaZero);
        var y16 = Vector128.WidenLower(luma);
        var cb16 = Vector128.WidenLower(cb);
        var cr16 = Vector128.WidenLower(cr);
        for (nuint half = 0; half < 2; half++)
        {
            var yi = half == 0 ? Vector128.WidenLower(y16) : Vector128.WidenUpper(y16);
            var cbi = half == 0 ? Vector128.WidenLower(cb16) : Vector128.WidenUpper(cb16);
            var cri = half == 0 ? Vector128.WidenLower(cr16) : Vector128.WidenUpper(cr16);
            var y = (Vector128.ConvertToSingle(yi) - lumaBlack) * lumaScale;
            var u = Vector128.ConvertToSingle(cbi) - chromaZero;
            var v = Vector128.ConvertToSingle(cri) - chromaZero;
            var at = x + (4 * half);
            UnitVector(y + (v * Bt601.CrToRed)).StoreUnsafe(ref r, at);
            UnitVector(y - (u * Bt601.CbToGreen) - (v * Bt601.CrToGreen)).StoreUnsafe(ref g, at);
            UnitVector(y + (u * Bt601.CbToBlue)).StoreUnsafe(ref b, at);
        }
    }

    /// <summary>YUYV to planes, 8 pixels (16 bytes) at a time; returns how many pixels were done.</summary>
    private static int ReadYuyvVector(ReadOnlySpan<byte> row, Span<float> red, Span<float> green, Span<float> blue, int width)
    {
        if (!Vector128.IsHardwareAccelerated)
            return 0;
        ref var src = ref MemoryMarshal.GetReference(row);
        ref var r = ref MemoryMarshal.GetReference(red);
        ref var g = ref MemoryMarshal.GetReference(green);
        ref var b = ref MemoryMarshal.GetReference(blue);
        // Y0 U0 Y1 V0 Y2 U1 Y3 V1 ...: the even bytes are luma; each pair's U and V serve both of its pixels.
        var lumaIndices = Vector128.Create((byte)0, 2, 4, 6, 8, 10, 12, 14, 0, 0, 0, 0, 0, 0, 0, 0);
        var cbIndices = Vector128.Create((byte)1, 1, 5, 5, 9, 9, 13, 13, 0, 0, 0, 0, 0, 0, 0, 0);
        var crIndices = Vector128.Create((byte)3, 3, 7, 7, 11, 11, 15, 15, 0, 0, 0, 0, 0, 0, 0, 0);
        var count = width & ~7;
        for (nuint x = 0; x < (nuint)count; x += 8)
        {
            var pixels = Vector128.LoadUnsafe(ref src, 2 * x);
            DecodeEight(Vector128.Shuffle(pixels, lumaIndices), Vector128.Shuffle(pixels, cbIndices), Vector128.Shuffle(pixels, crIndices), ref r, ref g, ref b, x);
        }
        return count;
    }

    /// <summary>An NV12 row to planes, 8 pixels at a time; returns how many pixels were done.</summary>
    private static int ReadNv12Vector(ReadOnlySpan<byte> luma, ReadOnlySpan<byte> chroma, Span<float> red, Span<float> green, Span<float> blue, int width)
    {
        if (!Vector128.IsHardwareAccelerated)
            return 0;
        ref var ys = ref MemoryMarshal.GetReference(luma);
        ref var uv = ref MemoryMarshal.GetReference(chroma);
        ref var r = ref MemoryMarshal.GetReference(red);
        ref var g = ref MemoryMarshal.GetReference(green);
        ref var b = ref MemoryMarshal.GetReference(blue);
        // U0 V0 U1 V1 ...: each pair serves two neighbouring pixels.
        var cbIndices = Vector128.Create((byte)0, 0, 2, 2, 4, 4, 6, 6, 0, 0, 0, 0, 0, 0, 0, 0);
        var crIndices = Vector128.Create((byte)1, 1, 3, 3, 5, 5, 7, 7, 0, 0, 0, 0, 0, 0, 0, 0);
        var count = width & ~7;
        for (nuint x = 0; x < (nuint)count; x += 8)
        {
            // 8 bytes of each row: the low half of a vector.
            var y = Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref ys, x))).AsByte();
            var c = Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref uv, x))).AsByte();
            DecodeEight(y, Vector128.Shuffle(c, cbIndices), Vector128.Shuffle(c, crIndices), ref r, ref g, ref b, x);
        }
        return count;
    }

    /// <summary>
    /// Interleaves three rows of levels into RGB (or BGR) triplets, 16 pixels (48 bytes) at a
    /// time with byte shuffles; returns how many pixels were done. A shuffle index of 0xFF
    /// selects zero, so each output vector is the OR of one shuffle of each row.
    /// </summary>
    private static int InterleaveVector(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third, Span<byte> row, int count)
    {
        if (!Vector128.IsHardwareAccelerated)
            return 0;
        ref var a = ref MemoryMarshal.GetReference(first);
        ref var b = ref MemoryMarshal.GetReference(second);
        ref var c = ref MemoryMarshal.GetReference(third);
        ref var dst = ref MemoryMarshal.GetReference(row);
        const byte Z = 0xFF;
        var a0 = Vector128.Create(0, Z, Z, 1, Z, Z, 2, Z, Z, 3, Z, Z, 4, Z, Z, 5);
        var b0 = Vector128.Create(Z, 0, Z, Z, 1, Z, Z, 2, Z, Z, 3, Z, Z, 4, Z, Z);
        var c0 = Vector128.Create(Z, Z, 0, Z, Z, 1, Z, Z, 2, Z, Z, 3, Z, Z, 4, Z);
        var a1 = Vector128.Create(Z, Z, 6, Z, Z, 7, Z, Z, 8, Z, Z, 9, Z, Z, 10, Z);
        var b1 = Vector128.Create(5, Z, Z, 6, Z, Z, 7, Z, Z, 8, Z, Z, 9, Z, Z, 10);
        var c1 = Vector128.Create(Z, 5, Z, Z, 6, Z, Z, 7, Z, Z, 8, Z, Z, 9, Z, Z);
        var a2 = Vector128.Create(Z, 11, Z, Z, 12, Z, Z, 13, Z, Z, 14, Z, Z, 15, Z, Z);
        var b2 = Vector128.Create(Z, Z, 11, Z, Z, 12, Z, Z, 13, Z, Z, 14, Z, Z, 15, Z);
        var c2 = Vector128.Create(10, Z, Z, 11, Z, Z, 12, Z, Z, 13, Z, Z, 14, Z, Z, 15);
        var done = count & ~15;
        for (nuint x = 0; x < (nuint)done; x += 16)
        {
            var ra = Vector128.LoadUnsafe(ref a, x);
            var rb = Vector128.LoadUnsafe(ref b, x);
            var rc = Vector128.LoadUnsafe(ref c, x);
            var at = 3 * x;
            (Vector128.Shuffle(ra, a0) | Vector128.Shuffle(rb, b0) | Vector128.Shuffle(rc, c0)).StoreUnsafe(ref dst, at);
            (Vector128.Shuffle(ra, a1) | Vector128.Shuffle(rb, b1) | Vector128.Shuffle(rc, c1)).StoreUnsafe(ref dst, at + 16);
            (Vector128.Shuffle(ra, a2) | Vector128.Shuffle(rb, b2) | Vector128.Shuffle(rc, c2)).StoreUnsafe(ref dst, at + 32);
        }
        return done;
    }
}
