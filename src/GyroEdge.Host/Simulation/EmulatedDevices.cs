using GyroEdge.Domain.Calibration;
using GyroEdge.Domain.Camera;
using GyroEdge.Domain.Time;
using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.Gpio.Emulated;
using GyroEdge.Hardware.I2c;
using GyroEdge.Hardware.Imu;
using GyroEdge.Hardware.Imu.Emulation;
using GyroEdge.Hardware.Imu.Icm42688.Emulated;
using GyroEdge.Hardware.Imu.Mpu6050;
using GyroEdge.Hardware.Imu.Mpu6050.Emulated;
using GyroEdge.Host.Configuration;
using GyroEdge.Host.Pipeline;

namespace GyroEdge.Host.Simulation;

/// <summary>
/// The device's sensors as emulators on the real CLOCK_MONOTONIC, standing at the same interfaces
/// the kernel devices do: the IMU of Imu:Chip at the register level on an emulated I2C bus (driven
/// by the real driver), strobe edges on an emulated GPIO line timed to the frames, and frames
/// from a recording (retimed to Simulation:FrameRateHz) or a generated pattern.
/// </summary>
public sealed class EmulatedDevices : IPipelineDevices
{
    /// <summary>The generated camera's first exposure starts this long after the strobe or camera opens.</summary>
    private const long LeadNs = 100_000_000;

    private readonly GyroEdgeSettings _settings;
    private readonly ReplaySchedule? _replay;
    private readonly IGyroTrace _trace;
    private readonly FrameFormat _format;
    private readonly CameraIntrinsics _intrinsics;
    private readonly ImuCalibration _calibration;
    private long _firstExposureNs;

    private EmulatedDevices(GyroEdgeSettings settings, FrameFormat format, CameraIntrinsics intrinsics, ImuCalibration calibration, ReplaySchedule? replay, IGyroTrace trace, string traceName)
    {
        _settings = settings;
        _format = format;
        _intrinsics = intrinsics;
        _calibration = calibration;
        _replay = replay;
        _trace = trace;
        TraceName = traceName;
    }

    /// <summary>What the pipeline is built from: the settings with the camera and calibration the emulation really has.</summary>
    public PipelineInputs Inputs => new(_settings, this, _format, _intrinsics, _calibration);

    /// <summary>What the emulated IMU replays.</summary>
    public string TraceName { get; }

    /// <summary>The emulated chip once the IMU is opened: unplug and replug it to test the gyro path's recovery.</summary>
    public EmulatedImu? Chip { get; private set; }

    /// <summary>Builds the emulation for validated settings (Simulation:Enabled).</summary>
    public static EmulatedDevices Create(GyroEdgeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var simulation = settings.Simulation;
        var camera = settings.Camera;
        var calibration = SettingValues.Calibration(settings.Calibration);
        if (simulation.Recording is { } folder)
        {
            RecordingSession session;
            FrameFormat format;
            using (var probe = RecordingFrameSource.Open(folder, new RecordingReplayOptions { PoolFrames = 1 }))
            {
                session = probe.Session;
                format = probe.Format;
            }
            var schedule = new ReplaySchedule(RecordingFrameIndex.Read(folder), simulation.FrameRateHz, session.ReadoutNs);
            var intrinsics = session.Intrinsics is { } recorded && recorded.Width == format.Width && recorded.Height == format.Height
                ? recorded
                : SettingValues.Intrinsics(camera, format.Width, format.Height);
            IGyroTrace trace;
            string name;
            if (simulation.GyroTrace is { } path)
            {
                trace = RecordedGyroTrace.Load(path, SystemMonotonicClock.Instance.NowNs);
                name = $"{path} (looped)";
            }
            else
            {
                // The recording's own gyro, in its own calibration: the motion that blurred its frames.
                calibration = session.Calibration;
                trace = new ReplayGyroTrace(schedule, RecordingGyro.Read(folder), session.Calibration.TimeOffsetNs);
                name = $"{Path.Combine(folder, "gyro.csv")} (around each replayed frame)";
            }
            return new EmulatedDevices(WithCamera(settings, format), format, intrinsics, calibration, schedule, trace, name);
        }
        else
        {
            var format = FrameFormat.Packed(SettingValues.ParsePixelFormat(camera.PixelFormat)!.Value, camera.Width, camera.Height);
            var start = SystemMonotonicClock.Instance.NowNs;
            var path = simulation.GyroTrace ?? RecordedGyroTrace.FindSharedLog();
            var (trace, name) = path is null
                ? ((IGyroTrace)new SinusoidGyroTrace(2.0, 5.0, start), "5 Hz sinusoid, 2 rad/s (no gyro log given or found beside the checkout)")
                : (RecordedGyroTrace.Load(path, start), $"{path} (looped)");
            return new EmulatedDevices(settings, format, SettingValues.Intrinsics(camera, format.Width, format.Height), calibration, null, trace, name);
        }
    }

    public IImu OpenImu()
    {
        var imu = _settings.Imu;
        var address = (ushort)SettingValues.ParseNumber(imu.Address)!.Value;
        var clock = SystemMonotonicClock.Instance;
        var bus = $"emulated /dev/i2c-{imu.Bus}";
        // The emulated chip always answers at the address the configuration expects (0x68 or 0x69).
        var chip = imu.Chip.Trim().ToLowerInvariant() switch
        {
            "icm42688" => (EmulatedImu)new Icm42688Emulator(clock, _trace, address, bus),
            "mpu6500" => new Mpu6050Emulator(clock, _trace, Mpu6050Variant.Mpu6500, address, bus),
            "mpu9250" => new Mpu6050Emulator(clock, _trace, Mpu6050Variant.Mpu9250, address, bus),
            _ => new Mpu6050Emulator(clock, _trace, Mpu6050Variant.Mpu6050, address, bus),
        };
        Chip = chip;
        return ImuDrivers.Create(imu, new I2cDevice(chip, address), clock, imu.Interrupt is null ? null : chip.InterruptLine);
    }

    public IGpioLineEventSource? OpenStrobe()
    {
        if (!_settings.Strobe.Enabled)
            return null;
        if (_replay is not null)
            return new ReplayStrobeLine(_replay);
        var strobe = _settings.Strobe;
        return new EmulatedStrobeLine(new StrobeSchedule
        {
            FirstExposureStartNs = FirstExposureNs(),
            FrameRateHz = _settings.Simulation.FrameRateHz,
            ExposureNs = ExposureNs,
            ActiveLow = strobe.Edge.Trim().Equals("falling", StringComparison.OrdinalIgnoreCase),
            Edges = strobe.Mode.Trim().ToLowerInvariant() switch
            {
                "start" => StrobeEdges.StartOnly,
                "end" => StrobeEdges.EndOnly,
                _ => StrobeEdges.Both,
            },
        }, SystemMonotonicClock.Instance);
    }

    public IFrameSource OpenCamera(int poolFrames)
    {
        if (_replay is not null)
            return new ReplayFrameSource(_settings.Simulation.Recording!, _replay, poolFrames);
        var camera = _settings.Camera;
        return new SimulatedFrameSource(new SimulatedCameraOptions
        {
            Width = camera.Width,
            Height = camera.Height,
            PixelFormat = SettingValues.ParsePixelFormat(camera.PixelFormat)!.Value,
            FrameRateHz = _settings.Simulation.FrameRateHz,
            ExposureNs = ExposureNs,
            FirstExposureStartNs = FirstExposureNs(),
            PoolFrames = poolFrames,
            TimestampSource = FrameTimestampSource.StartOfExposure,
        }, SystemMonotonicClock.Instance);
    }

    public void Dispose()
    {
        // The emulators hold no resources; the stages dispose the drivers and sources they opened.
    }

    private long ExposureNs => MonotonicTime.FromMilliseconds(_settings.Simulation.ExposureMs);

    /// <summary>Fixed by whichever of the strobe and the camera opens first, so both run one schedule.</summary>
    private long FirstExposureNs()
    {
        Interlocked.CompareExchange(ref _firstExposureNs, SystemMonotonicClock.Instance.NowNs + LeadNs, 0);
        return Volatile.Read(ref _firstExposureNs);
    }

    private static GyroEdgeSettings WithCamera(GyroEdgeSettings settings, FrameFormat format)
    {
        settings.Camera.Width = format.Width;
        settings.Camera.Height = format.Height;
        settings.Camera.PixelFormat = format.PixelFormat.ToString().ToLowerInvariant();
        return settings;
    }
}
