using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GyroEdge.Domain.Time;
using GyroEdge.Hardware.I2c;
using GyroEdge.Hardware.Imu;
using GyroEdge.Hardware.Imu.Emulation;
using GyroEdge.Hardware.Imu.Icm42688;
using GyroEdge.Hardware.Imu.Icm42688.Emulated;
using GyroEdge.Hardware.Imu.Mpu6050;
using GyroEdge.Hardware.Imu.Mpu6050.Emulated;

namespace GyroEdge.Host.Bench;

/// <summary>What `gyroedge bench imu` was asked to do.</summary>
internal sealed record ImuBenchSettings(string Chip, double OdrHz, double Seconds, string? TracePath, bool Interrupt, double BatchMs, double ClockErrorPpm);

/// <summary>The figures of one IMU bench run.</summary>
internal sealed record ImuBenchReport(
    ImuBenchSettings Settings,
    string Driver,
    string Trace,
    double WallSeconds,
    long Expected,
    long Produced,
    long Received,
    long Lost,
    long LeftInFifo,
    long FifoOverflows,
    long BusErrors,
    long BusBytes,
    double BusLoad,
    double Cpu,
    double EmulatorCpu,
    long Reads,
    TimestampErrorStatistics TimestampError,
    double EstimatedDriftPpm,
    double FifoMilliseconds)
{
    /// <summary>i2c-dev budget from the reference: 9 SCL clocks per byte at 400 kHz.</summary>
    public const double MicrosecondsPerByteAt400KHz = 22.5;

    public string Describe()
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"{Driver}, {Settings.OdrHz:0.###} Hz, {(Settings.Interrupt ? "interrupt" : "polling")}, batch {Settings.BatchMs:0.##} ms, {WallSeconds:0.0} s, trace {Trace}");
        text.AppendLine(culture, $"  samples: expected {Expected} (rate x time), produced {Produced}, received {Received}, lost {Lost}, still in FIFO {LeftInFifo}");
        text.AppendLine(culture, $"  FIFO overflows {FifoOverflows}, bus errors {BusErrors}, reads {Reads}");
        text.AppendLine(culture, $"  bus: {BusBytes} bytes = {BusLoad:P1} of a 400 kHz I2C bus (22.5 µs per byte)");
        if (FifoOverflows > 0)
        {
            text.AppendLine(culture, $"  hint: the reader thread was late by more than the FIFO holds at this rate ({FifoMilliseconds:0.#} ms) {FifoOverflows} times: scheduling latency. Run the reader with real-time priority (chrt -f 20, or CPUSchedulingPolicy=fifo in the systemd unit) or on a quieter machine.");
        }
        if (BusLoad > 1)
            text.AppendLine("  warning: more traffic than a 400 kHz bus carries; on hardware use Fast-mode Plus (1 MHz), a lower rate, or SPI.");
        text.AppendLine(culture, $"  cpu: {Cpu:P1} of one core for the process ({EmulatorCpu:P1} of it inside the emulator)");
        text.AppendLine(culture, $"  timestamp error after {TimestampErrorStatistics.WarmUpSeconds} s: mean {TimestampError.MeanMicroseconds:0.0} µs, |p50| {TimestampError.P50Microseconds:0.0} µs, |p99| {TimestampError.P99Microseconds:0.0} µs, |max| {TimestampError.MaxMicroseconds:0.0} µs over {TimestampError.Count} samples");
        text.Append(culture, $"  clock drift: estimated {EstimatedDriftPpm:0.0} ppm, emulated {Settings.ClockErrorPpm:0.0} ppm");
        return text.ToString();
    }

    public byte[] ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("chip", Settings.Chip);
            json.WriteString("driver", Driver);
            json.WriteNumber("odr_hz", Settings.OdrHz);
            json.WriteString("mode", Settings.Interrupt ? "interrupt" : "polling");
            json.WriteNumber("batch_ms", Settings.BatchMs);
            json.WriteNumber("seconds", Settings.Seconds);
            json.WriteNumber("wall_seconds", WallSeconds);
            json.WriteString("trace", Trace);
            json.WriteNumber("expected", Expected);
            json.WriteNumber("produced", Produced);
            json.WriteNumber("received", Received);
            json.WriteNumber("lost", Lost);
            json.WriteNumber("left_in_fifo", LeftInFifo);
            json.WriteNumber("fifo_overflows", FifoOverflows);
            json.WriteNumber("bus_errors", BusErrors);
            json.WriteNumber("bus_bytes", BusBytes);
            json.WriteNumber("bus_load", BusLoad);
            json.WriteNumber("cpu", Cpu);
            json.WriteNumber("emulator_cpu", EmulatorCpu);
            json.WriteNumber("reads", Reads);
            json.WriteNumber("fifo_ms", FifoMilliseconds);
            json.WriteStartObject("timestamp_error_us");
            json.WriteNumber("warm_up_seconds", TimestampErrorStatistics.WarmUpSeconds);
            json.WriteNumber("count", TimestampError.Count);
            json.WriteNumber("mean", TimestampError.MeanMicroseconds);
            json.WriteNumber("abs_p50", TimestampError.P50Microseconds);
            json.WriteNumber("abs_p99", TimestampError.P99Microseconds);
            json.WriteNumber("abs_max", TimestampError.MaxMicroseconds);
            json.WriteEndObject();
            json.WriteNumber("clock_drift_ppm_estimated", EstimatedDriftPpm);
            json.WriteNumber("clock_drift_ppm_emulated", Settings.ClockErrorPpm);
            json.WriteEndObject();
        }
        return stream.ToArray();
    }
}

/// <summary>Reconstructed minus true sample time, after the timeline's first seconds.</summary>
internal readonly record struct TimestampErrorStatistics(int Count, double MeanMicroseconds, double P50Microseconds, double P99Microseconds, double MaxMicroseconds)
{
    public const int WarmUpSeconds = 2;

    public static TimestampErrorStatistics From(ReadOnlySpan<float> errorsNs)
    {
        if (errorsNs.IsEmpty)
            return default;
        var mean = 0.0;
        var magnitudes = new float[errorsNs.Length];
        for (var i = 0; i < errorsNs.Length; i++)
        {
            mean += errorsNs[i];
            magnitudes[i] = Math.Abs(errorsNs[i]);
        }
        Array.Sort(magnitudes);
        return new TimestampErrorStatistics(
            errorsNs.Length,
            mean / errorsNs.Length / 1000,
            magnitudes[magnitudes.Length / 2] / 1000.0,
            magnitudes[(int)(magnitudes.Length * 0.99)] / 1000.0,
            magnitudes[^1] / 1000.0);
    }
}

/// <summary>Runs the bench: emulated chip on the real clock, the real driver on a reader thread.</summary>
internal static class ImuBenchRun
{
    public static ImuBenchReport Execute(ImuBenchSettings settings, CancellationToken cancel)
    {
        if (settings.Seconds <= 0 || settings.Seconds > 24 * 3600)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--seconds {settings.Seconds}: expected more than 0 and at most 86400."));
        if (settings.BatchMs <= 0 || settings.BatchMs > 1000)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--batch-ms {settings.BatchMs}: expected more than 0 and at most 1000."));

        var clock = SystemMonotonicClock.Instance;
        var (trace, traceName) = LoadTrace(settings.TracePath, clock.NowNs);
        var (chip, imu) = Build(settings, clock, trace);
        using var _ = imu;

        imu.StartStreaming();
        var packetBytes = chip is Icm42688Emulator ? Icm42688Imu.PacketBytes : Mpu6050Imu.RecordBytes;
        // FifoLevelBytes brings the emulator up to now first, so "produced" counts from here.
        var inFifoAtStart = chip.FifoLevelBytes / packetBytes;
        var startNs = clock.NowNs;
        var endNs = startNs + (long)(settings.Seconds * 1e9);
        var warmUpNs = startNs + TimestampErrorStatistics.WarmUpSeconds * 1_000_000_000L;
        var before = imu.Statistics;
        var producedBefore = chip.SamplesProduced;
        var emulatorBefore = chip.EmulationTicks;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;

        var errors = new float[(int)Math.Min(int.MaxValue / 2, settings.OdrHz * settings.Seconds * 1.1 + 1024)];
        var errorCount = 0;
        long received = 0;
        long reads = 0;
        Exception? failure = null;

        // A dedicated thread, as the daemon's reader would have: it owns the driver and its buffers.
        var reader = new Thread(() =>
        {
            try
            {
                var samples = new ImuSample[4096];
                var truth = new ProducedSample[4096];
                while (clock.NowNs < endNs && !cancel.IsCancellationRequested)
                {
                    imu.WaitForSamples(TimeSpan.FromMilliseconds(100));
                    var count = imu.ReadSamples(samples);
                    var known = chip.TakeDelivered(truth);
                    reads++;
                    received += count;
                    for (var i = 0; i < Math.Min(count, known); i++)
                    {
                        if (truth[i].TimestampNs >= warmUpNs && errorCount < errors.Length)
                            errors[errorCount++] = samples[i].TimestampNs - truth[i].TimestampNs;
                    }
                }
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                failure = e;
            }
        })
        {
            Name = "imu-reader",
            IsBackground = true,
        };
        reader.Start();
        reader.Join();
        cancel.ThrowIfCancellationRequested();
        if (failure is not null)
            throw new IOException($"The IMU reader stopped: {failure.Message}", failure);

        var wallNs = clock.NowNs - startNs;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / (wallNs / 1e9);
        var after = imu.Statistics;
        var leftInFifo = chip.FifoLevelBytes / packetBytes; // brings the emulator up to now before "produced" is read
        var emulatorSeconds = (double)(chip.EmulationTicks - emulatorBefore) / Stopwatch.Frequency;

        return new ImuBenchReport(
            settings,
            imu.Description,
            traceName,
            wallNs / 1e9,
            Expected: (long)Math.Round(settings.OdrHz * settings.Seconds),
            Produced: chip.SamplesProduced - producedBefore + inFifoAtStart,
            Received: received,
            Lost: after.SamplesLost - before.SamplesLost,
            LeftInFifo: leftInFifo,
            FifoOverflows: after.FifoOverflows - before.FifoOverflows,
            BusErrors: after.BusErrors - before.BusErrors,
            BusBytes: after.BytesOnWire - before.BytesOnWire,
            BusLoad: (after.BytesOnWire - before.BytesOnWire) * ImuBenchReport.MicrosecondsPerByteAt400KHz / (wallNs / 1e3),
            Cpu: cpu,
            EmulatorCpu: emulatorSeconds / (wallNs / 1e9),
            Reads: reads,
            TimestampError: TimestampErrorStatistics.From(errors.AsSpan(0, errorCount)),
            EstimatedDriftPpm: after.ClockDriftPpm,
            FifoMilliseconds: (chip is Icm42688Emulator ? 2048 : ((Mpu6050Imu)imu).FifoCapacityBytes) / packetBytes / settings.OdrHz * 1000);
    }

    private static (IGyroTrace Trace, string Name) LoadTrace(string? path, long nowNs)
    {
        path ??= RecordedGyroTrace.FindSharedLog();
        if (path is null)
            return (new SinusoidGyroTrace(2.0, 5.0, nowNs), "5 Hz sinusoid, 2 rad/s (no shared gyro log beside the checkout)");
        var recorded = RecordedGyroTrace.Load(path, nowNs);
        return (recorded, $"{path} ({recorded.SampleCount} samples, {recorded.DurationNs / 1e9:0.0} s, looped)");
    }

    private static (EmulatedImu Chip, FifoImu Imu) Build(ImuBenchSettings settings, IMonotonicClock clock, IGyroTrace trace)
    {
        var batch = TimeSpan.FromMilliseconds(settings.BatchMs);
        if (settings.Chip == "icm42688")
        {
            var chip = new Icm42688Emulator(clock, trace) { RecordDeliveries = true, ClockErrorPpm = settings.ClockErrorPpm };
            var imu = new Icm42688Imu(new I2cDevice(chip, Icm42688Imu.DefaultAddress), new Icm42688Options
            {
                Clock = clock,
                OutputDataRate = IcmRate(settings.OdrHz),
                BatchPeriod = batch,
                InterruptLine = settings.Interrupt ? chip.InterruptLine : null,
            });
            return (chip, imu);
        }

        var variant = settings.Chip switch
        {
            "mpu6500" => Mpu6050Variant.Mpu6500,
            "mpu9250" => Mpu6050Variant.Mpu9250,
            _ => Mpu6050Variant.Mpu6050,
        };
        if (settings.OdrHz != Math.Floor(settings.OdrHz))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--odr {settings.OdrHz}: the MPU-6050 family takes whole rates, 8000/(1+n) above 1 kHz and 1000/(1+n) up to it."));
        var mpu = new Mpu6050Emulator(clock, trace, variant) { RecordDeliveries = true, ClockErrorPpm = settings.ClockErrorPpm };
        if (settings.Interrupt)
        {
            // One data-ready edge per sample: size the line's buffer for a batch, as the line request should be.
            mpu.InterruptLine.Capacity = Math.Max(16, (int)(settings.OdrHz * settings.BatchMs / 1000) * 2);
        }
        var driver = new Mpu6050Imu(new I2cDevice(mpu, Mpu6050Imu.DefaultAddress), new Mpu6050Options
        {
            Clock = clock,
            OutputDataRateHz = (int)settings.OdrHz,
            BatchPeriod = batch,
            InterruptLine = settings.Interrupt ? mpu.InterruptLine : null,
        });
        return (mpu, driver);
    }

    private static Icm42688OutputDataRate IcmRate(double hz) =>
        Icm42688OutputDataRateExtensions.TryFromHertz(hz, out var rate)
            ? rate
            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--odr {hz}: the ICM-42688-P runs at 32000, 16000, 8000, 4000, 2000, 1000, 500, 200, 100, 50, 25 or 12.5 Hz."));
}
