using GyroEdge.Domain.Time;
using GyroEdge.Hardware.I2c;
using GyroEdge.Hardware.Imu;
using GyroEdge.Hardware.Imu.Emulation;
using GyroEdge.Hardware.Imu.Icm42688;
using GyroEdge.Hardware.Imu.Icm42688.Emulated;
using GyroEdge.Hardware.Imu.Mpu6050;
using GyroEdge.Hardware.Imu.Mpu6050.Emulated;

namespace GyroEdge.Hardware.Tests.Imu;

/// <summary>
/// An emulated chip, the real driver on top of it and a manual clock, with a loop that advances
/// time and drains the driver the way a reader thread would, keeping what it read and the
/// emulator's ground truth for the same samples side by side.
/// </summary>
internal sealed class ImuRig
{
    public const long Ms = 1_000_000;

    private readonly ImuSample[] _buffer = new ImuSample[512];
    private readonly ProducedSample[] _truth = new ProducedSample[512];

    private ImuRig(ManualMonotonicClock clock, EmulatedImu chip, FifoImu imu)
    {
        Clock = clock;
        Chip = chip;
        Imu = imu;
    }

    public ManualMonotonicClock Clock { get; }

    public EmulatedImu Chip { get; }

    public FifoImu Imu { get; }

    public List<ImuSample> Samples { get; } = [];

    public List<ProducedSample> Truth { get; } = [];

    public static ImuRig Icm(IGyroTrace? trace = null, Func<ManualMonotonicClock, Icm42688Emulator, Icm42688Options>? options = null, Action<Icm42688Emulator>? setUp = null)
    {
        var clock = new ManualMonotonicClock();
        var chip = new Icm42688Emulator(clock, trace ?? new SinusoidGyroTrace(2.0, 3.0)) { RecordDeliveries = true };
        setUp?.Invoke(chip);
        var imu = new Icm42688Imu(new I2cDevice(chip, 0x68), options?.Invoke(clock, chip) ?? new Icm42688Options { Clock = clock });
        return new ImuRig(clock, chip, imu);
    }

    public static ImuRig Mpu(IGyroTrace? trace = null, Func<ManualMonotonicClock, Mpu6050Emulator, Mpu6050Options>? options = null, Mpu6050Variant variant = Mpu6050Variant.Mpu6050, Action<Mpu6050Emulator>? setUp = null)
    {
        var clock = new ManualMonotonicClock();
        var chip = new Mpu6050Emulator(clock, trace ?? new SinusoidGyroTrace(2.0, 3.0), variant) { RecordDeliveries = true };
        setUp?.Invoke(chip);
        var imu = new Mpu6050Imu(new I2cDevice(chip, 0x68), options?.Invoke(clock, chip) ?? new Mpu6050Options { Clock = clock });
        return new ImuRig(clock, chip, imu);
    }

    /// <summary>Advances time in steps of <paramref name="stepNs"/> for <paramref name="durationNs"/>, reading after each step.</summary>
    public void Run(long durationNs, long stepNs)
    {
        var end = Clock.NowNs + durationNs;
        while (Clock.NowNs < end)
        {
            Clock.Advance(Math.Min(stepNs, end - Clock.NowNs));
            Read();
        }
    }

    /// <summary>Runs the reader loop a real thread would: wait for the driver's batch, then read.</summary>
    public void RunReaderLoop(long durationNs)
    {
        var end = Clock.NowNs + durationNs;
        while (Clock.NowNs < end)
        {
            Imu.WaitForSamples(TimeSpan.FromMilliseconds(50));
            Read();
        }
    }

    public int Read()
    {
        var count = Imu.ReadSamples(_buffer);
        Samples.AddRange(_buffer.AsSpan(0, count));
        var truth = Chip.TakeDelivered(_truth);
        Truth.AddRange(_truth.AsSpan(0, truth));
        return count;
    }
}
