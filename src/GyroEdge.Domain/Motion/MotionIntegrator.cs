using GyroEdge.Domain.Geometry;
using GyroEdge.Domain.Gyro;

namespace GyroEdge.Domain.Motion;

/// <summary>
/// Turns angular velocity into orientation: the one definition that the daemon and the trainer
/// (src/trainer/gyroedge_trainer/motion.py) share, pinned by tests/golden/frame_motion.json.
/// Change it in both places and regenerate the golden vectors, or not at all.
/// <para>The definition (tests/golden/README.md has it too):</para>
/// <list type="number">
/// <item>Time is seconds after an origin instant: s_i = (t_i − origin_ns) / 1e9, the difference
/// taken in integer nanoseconds first.</item>
/// <item>ω(s) is piecewise linear between samples:
/// ω(s) = ω_j + (ω_{j+1} − ω_j)·((s − s_j)/(s_{j+1} − s_j)) for s_j ≤ s ≤ s_{j+1}; at a
/// sample time it is that sample's value. Samples must cover every instant: never extrapolated.</item>
/// <item>The orientation R(s) obeys dR/ds = R·[ω(s)]×, ω in the body (camera) frame. The span
/// from the reference instant to an instant is cut at every sample time and every requested
/// instant; on each piece [a, b] the increment is the rotation exponential of
/// θ = (ω(a) + ω(b))·0.5·(b − a), that is the exact integral of the linear ω over the piece
/// (the midpoint rule; its error is O(dt³) from non-commutation only).</item>
/// <item>Increments are composed outward from the reference as unit quaternions:
/// forwards q ← q ⊗ exp(θ), backwards p ← exp(θ) ⊗ p and the result is p*. Each result is
/// normalised. It is R_ref⁻¹·R(s): the camera's orientation at s relative to the reference,
/// mapping camera-frame vectors at s into the camera frame at the reference.</item>
/// </list>
/// Allocates nothing.
/// </summary>
public static class MotionIntegrator
{
    /// <summary>
    /// Writes the orientation at each of <paramref name="instantSeconds"/> (ascending, seconds
    /// after <paramref name="originNs"/>) relative to the one at <paramref name="referenceSeconds"/>.
    /// </summary>
    /// <param name="samples">Camera axes and camera time, timestamps strictly increasing.</param>
    /// <returns>False, writing nothing, when the samples do not reach every instant and the reference.</returns>
    public static bool TryIntegrate(
        ReadOnlySpan<GyroSample> samples,
        long originNs,
        double referenceSeconds,
        ReadOnlySpan<double> instantSeconds,
        Span<UnitQuaternion> orientations)
    {
        var count = instantSeconds.Length;
        if (orientations.Length < count)
            throw new ArgumentException($"{count} instants need {count} orientations; the destination holds {orientations.Length}.", nameof(orientations));
        for (var i = 1; i < count; i++)
        {
            if (!(instantSeconds[i] >= instantSeconds[i - 1]))
                throw new ArgumentException($"Instants must be ascending; instant {i} ({instantSeconds[i]} s) comes before instant {i - 1} ({instantSeconds[i - 1]} s).", nameof(instantSeconds));
        }
        if (!double.IsFinite(referenceSeconds))
            throw new ArgumentException($"The reference instant must be finite; got {referenceSeconds}.", nameof(referenceSeconds));
        if (count == 0)
            return true;
        if (samples.IsEmpty)
            return false;
        var earliest = Math.Min(referenceSeconds, instantSeconds[0]);
        var latest = Math.Max(referenceSeconds, instantSeconds[count - 1]);
        if (Seconds(samples[0], originNs) > earliest || Seconds(samples[^1], originNs) < latest)
            return false;

        IntegrateForward(samples, originNs, referenceSeconds, instantSeconds, orientations);
        IntegrateBackward(samples, originNs, referenceSeconds, instantSeconds, orientations);
        return true;
    }

    /// <summary>The rotation vector of one piece: the integral of the linear ω from a to b.</summary>
    public static UnitQuaternion Increment(AngularVelocity atStart, AngularVelocity atEnd, double seconds) =>
        UnitQuaternion.FromRotationVector(
            (atStart.X + atEnd.X) * 0.5 * seconds,
            (atStart.Y + atEnd.Y) * 0.5 * seconds,
            (atStart.Z + atEnd.Z) * 0.5 * seconds);

    private static void IntegrateForward(ReadOnlySpan<GyroSample> samples, long originNs, double reference, ReadOnlySpan<double> instants, Span<UnitQuaternion> orientations)
    {
        var k = 0;
        while (k < instants.Length && instants[k] < reference)
            k++;
        if (k == instants.Length)
            return;

        // j: the last sample at or before the reference, so the piece being walked is [s_j, s_j+1].
        var j = 0;
        while (j + 1 < samples.Length && Seconds(samples[j + 1], originNs) <= reference)
            j++;
        var a = reference;
        var wa = ValueAt(samples, j, a, originNs);
        var q = UnitQuaternion.Identity;
        for (; k < instants.Length; k++)
        {
            var target = instants[k];
            while (a < target)
            {
                var next = Seconds(samples[j + 1], originNs);
                double b;
                AngularVelocity wb;
                if (next <= target)
                {
                    b = next;
                    wb = samples[j + 1].AngularVelocity;
                    j++;
                }
                else
                {
                    b = target;
                    wb = Interpolate(samples[j], samples[j + 1], b, originNs);
                }
                q *= Increment(wa, wb, b - a);
                a = b;
                wa = wb;
            }
            orientations[k] = q.Normalized();
        }
    }

    private static void IntegrateBackward(ReadOnlySpan<GyroSample> samples, long originNs, double reference, ReadOnlySpan<double> instants, Span<UnitQuaternion> orientations)
    {
        var k = instants.Length - 1;
        while (k >= 0 && instants[k] >= reference)
            k--;
        if (k < 0)
            return;

        // j: the first sample at or after the reference, so the piece being walked is [s_j-1, s_j].
        var j = samples.Length - 1;
        while (j > 0 && Seconds(samples[j - 1], originNs) >= reference)
            j--;
        var b = reference;
        var wb = Seconds(samples[j], originNs) == b ? samples[j].AngularVelocity : Interpolate(samples[j - 1], samples[j], b, originNs);
        var p = UnitQuaternion.Identity;
        for (; k >= 0; k--)
        {
            var target = instants[k];
            while (b > target)
            {
                var previous = Seconds(samples[j - 1], originNs);
                double a;
                AngularVelocity wa;
                if (previous >= target)
                {
                    a = previous;
                    wa = samples[j - 1].AngularVelocity;
                    j--;
                }
                else
                {
                    a = target;
                    wa = Interpolate(samples[j - 1], samples[j], a, originNs);
                }
                p = Increment(wa, wb, b - a) * p;
                b = a;
                wb = wa;
            }
            orientations[k] = p.Normalized().Conjugate();
        }
    }

    private static double Seconds(in GyroSample sample, long originNs) => (sample.TimestampNs - originNs) / 1e9;

    /// <summary>ω at <paramref name="s"/> on the piece starting at sample <paramref name="j"/> (s_j ≤ s).</summary>
    private static AngularVelocity ValueAt(ReadOnlySpan<GyroSample> samples, int j, double s, long originNs) =>
        Seconds(samples[j], originNs) == s ? samples[j].AngularVelocity : Interpolate(samples[j], samples[j + 1], s, originNs);

    private static AngularVelocity Interpolate(in GyroSample before, in GyroSample after, double s, long originNs)
    {
        var s0 = Seconds(before, originNs);
        var fraction = (s - s0) / (Seconds(after, originNs) - s0);
        return new AngularVelocity(
            before.Wx + ((after.Wx - before.Wx) * fraction),
            before.Wy + ((after.Wy - before.Wy) * fraction),
            before.Wz + ((after.Wz - before.Wz) * fraction));
    }
}
