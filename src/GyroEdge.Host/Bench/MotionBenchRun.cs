using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using GyroEdge.Domain.Calibration;
using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Geometry;
using GyroEdge.Domain.Gyro;
using GyroEdge.Domain.Motion;
using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Imu.Emulation;

namespace GyroEdge.Host.Bench;

/// <summary>What `bench motion` measures with.</summary>
/// <param name="RotationCount">M.</param>
/// <param name="RateHz">Synthetic gyro rate.</param>
/// <param name="ExposureMs">Exposure per frame.</param>
/// <param name="Frames">Frames timed.</param>
/// <param name="GyroLog">A real log to use instead of the synthetic shake, or null.</param>
public sealed record MotionBenchSettings(int RotationCount, double RateHz, double ExposureMs, int Frames, FileInfo? GyroLog);

/// <summary>The figures `bench motion` prints and writes.</summary>
public sealed record MotionBenchReport(
    MotionBenchSettings Settings,
    double GyroRateHz,
    string GyroSource,
    double MedianUs,
    double P99Us,
    double MeanUs,
    double MaxUs,
    double AllocatedBytesPerFrame,
    double SamplesPerFrame,
    int Good,
    int Degraded,
    int None);

/// <summary>
/// Fills a gyro stream with three seconds of a hand-shake (or a real log), then builds the
/// motion of frames whose exposures slide across it at an odd step, so instants never line up
/// with samples the same way twice. Each build is timed alone; allocation is counted over all.
/// </summary>
public static class MotionBenchRun
{
    private const double SpanSeconds = 3.0;
    private const int WarmupFrames = 2_000;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static MotionBenchReport Execute(MotionBenchSettings settings, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Validate(settings);
        var (samples, rateHz, source) = settings.GyroLog is { } log ? ReadLog(log) : (Synthetic(settings.RateHz), settings.RateHz, "synthetic hand shake");

        // The phone's axis flip and a bias: the calibrated path, as the daemon runs it.
        var calibration = new ImuCalibration(RotationMatrix.FromRowMajor([-1, 0, 0, 0, -1, 0, 0, 0, 1]), -1_500_000, new AngularVelocity(0.003, -0.002, 0.001));
        var stream = new GyroStream(new GyroStreamOptions { NominalRateHz = rateHz, History = TimeSpan.FromSeconds(SpanSeconds + 1), TrackBias = false }, calibration);
        stream.Append(samples);
        var builder = new FrameMotionBuilder(stream, new FrameMotionOptions
        {
            RotationCount = settings.RotationCount,
            Intrinsics = CameraIntrinsics.FromHorizontalFieldOfView(70, 1280, 720),
        });

        var exposureNs = MonotonicTime.FromMilliseconds(settings.ExposureMs);
        var first = samples[0].TimestampNs + calibration.TimeOffsetNs + 50_000_000;
        var room = samples[^1].TimestampNs + calibration.TimeOffsetNs - 50_000_000 - exposureNs - first;
        if (room <= 0)
            throw new ArgumentException($"A {settings.ExposureMs} ms exposure does not fit in the {MonotonicTime.ToSeconds(samples[^1].TimestampNs - samples[0].TimestampNs):F2} s of gyro samples; use a shorter --exposure-ms.");
        var rotations = new float[settings.RotationCount * 9];
        ExposureWindow WindowOf(int frame) =>
            new(frame, first + ((frame * 7_310_017L) % room), first + ((frame * 7_310_017L) % room) + exposureNs);

        for (var f = 0; f < WarmupFrames; f++)
            builder.Build(WindowOf(f), rotations);

        var ticks = new long[settings.Frames];
        int good = 0, degraded = 0, none = 0;
        long samplesUsed = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var f = 0; f < settings.Frames; f++)
        {
            if ((f & 1023) == 0)
                cancel.ThrowIfCancellationRequested();
            var window = WindowOf(f);
            var start = Stopwatch.GetTimestamp();
            var motion = builder.Build(window, rotations);
            ticks[f] = Stopwatch.GetTimestamp() - start;
            samplesUsed += motion.SampleCount;
            switch (motion.Quality)
            {
                case GyroQuality.Good: good++; break;
                case GyroQuality.Degraded: degraded++; break;
                default: none++; break;
            }
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Array.Sort(ticks);
        double Us(long t) => t * 1e6 / Stopwatch.Frequency;
        return new MotionBenchReport(
            settings,
            rateHz,
            source,
            MedianUs: Us(ticks[ticks.Length / 2]),
            P99Us: Us(ticks[Math.Min(ticks.Length - 1, (int)Math.Ceiling(ticks.Length * 0.99) - 1)]),
            MeanUs: ticks.Average(t => Us(t)),
            MaxUs: Us(ticks[^1]),
            AllocatedBytesPerFrame: allocated / (double)settings.Frames,
            SamplesPerFrame: samplesUsed / (double)settings.Frames,
            good,
            degraded,
            none);
    }

    public static string Summarize(MotionBenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Settings;
        return string.Create(CultureInfo.InvariantCulture,
            $"""
            motion: M={s.RotationCount}, {s.ExposureMs} ms exposure, gyro {report.GyroRateHz:F0} Hz ({report.GyroSource}), {s.Frames} frames
              per frame: median {report.MedianUs:F2} µs, p99 {report.P99Us:F2} µs, mean {report.MeanUs:F2} µs, max {report.MaxUs:F1} µs (target: median ≤ 50 µs)
              {report.SamplesPerFrame:F1} samples per frame, {report.AllocatedBytesPerFrame:F1} bytes allocated per frame
              quality: {report.Good} good, {report.Degraded} degraded, {report.None} none
            """);
    }

    public static async Task WriteJsonAsync(MotionBenchReport report, string path, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Settings;
        var json = new JsonObject
        {
            ["benchmark"] = "motion",
            ["m"] = s.RotationCount,
            ["exposure_ms"] = s.ExposureMs,
            ["rate_hz"] = report.GyroRateHz,
            ["gyro"] = report.GyroSource,
            ["frames"] = s.Frames,
            ["median_us"] = Math.Round(report.MedianUs, 3),
            ["p99_us"] = Math.Round(report.P99Us, 3),
            ["mean_us"] = Math.Round(report.MeanUs, 3),
            ["max_us"] = Math.Round(report.MaxUs, 3),
            ["allocated_bytes_per_frame"] = report.AllocatedBytesPerFrame,
            ["samples_per_frame"] = Math.Round(report.SamplesPerFrame, 2),
            ["quality"] = new JsonObject { ["good"] = report.Good, ["degraded"] = report.Degraded, ["none"] = report.None },
            ["machine"] = new JsonObject
            {
                ["os"] = RuntimeInformation.OSDescription,
                ["architecture"] = RuntimeInformation.ProcessArchitecture.ToString(),
                ["processors"] = Environment.ProcessorCount,
                ["runtime"] = RuntimeInformation.FrameworkDescription,
            },
        };
        var full = Path.GetFullPath(path);
        var temporary = full + ".tmp";
        await File.WriteAllTextAsync(temporary, json.ToJsonString(Indented) + "\n", cancel).ConfigureAwait(false);
        File.Move(temporary, full, overwrite: true);
    }

    private static void Validate(MotionBenchSettings s)
    {
        if (s.RotationCount is < 1 or > FrameMotionOptions.MaxRotationCount)
            throw new ArgumentException($"--m {s.RotationCount}: M must be 1 to {FrameMotionOptions.MaxRotationCount}.");
        if (!(s.RateHz is >= 10 and <= 20_000))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--rate {s.RateHz}: the gyro rate must be 10 to 20000 Hz."));
        if (!(s.ExposureMs is > 0 and <= 1000))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--exposure-ms {s.ExposureMs}: the exposure must be above 0 and at most 1000 ms."));
        if (s.Frames < 1)
            throw new ArgumentException($"--frames {s.Frames}: time at least one frame.");
    }

    /// <summary>Three seconds of a hand-shake-like ω (a few sinusoids per axis) with a little noise.</summary>
    private static GyroSample[] Synthetic(double rateHz)
    {
        var count = (int)(SpanSeconds * rateHz);
        var samples = new GyroSample[count];
        var random = new Random(5);
        var t0 = 1_000L * MonotonicTime.NanosecondsPerSecond;
        for (var i = 0; i < count; i++)
        {
            var s = i / rateHz;
            samples[i] = new GyroSample(
                t0 + MonotonicTime.FromSeconds(s),
                (0.9 * Math.Sin(2 * Math.PI * 7 * s)) + (0.3 * Math.Sin((2 * Math.PI * 23 * s) + 0.4)) + (0.01 * (random.NextDouble() - 0.5)),
                (-0.7 * Math.Cos(2 * Math.PI * 5 * s)) + (0.25 * Math.Sin(2 * Math.PI * 31 * s)) + (0.01 * (random.NextDouble() - 0.5)),
                (0.4 * Math.Sin((2 * Math.PI * 11 * s) + 1.1)) + 0.1 + (0.01 * (random.NextDouble() - 0.5)));
        }
        return samples;
    }

    /// <summary>The first three seconds of a gyro log (<see cref="GyroLog"/>), and its rate from the median step.</summary>
    private static (GyroSample[] Samples, double RateHz, string Source) ReadLog(FileInfo file)
    {
        var all = GyroLog.Read(file.FullName);
        var spanNs = MonotonicTime.FromSeconds(SpanSeconds);
        var samples = all.TakeWhile(s => s.TimestampNs - all[0].TimestampNs <= spanNs).ToList();
        if (samples.Count < 10)
            throw new InvalidDataException($"{file.FullName} holds {samples.Count} samples; the benchmark needs a few seconds of gyro.");
        var steps = samples.Zip(samples.Skip(1), (a, b) => b.TimestampNs - a.TimestampNs).Order().ToArray();
        var rate = MonotonicTime.NanosecondsPerSecond / (double)steps[steps.Length / 2];
        return ([.. samples], rate, file.FullName);
    }
}
