using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Gpio;
using GyroEdge.Hardware.I2c;
using GyroEdge.Hardware.Imu;
using GyroEdge.Hardware.Imu.Icm42688;
using GyroEdge.Hardware.Imu.Mpu6050;
using GyroEdge.Hardware.Linux.Gpio;
using GyroEdge.Hardware.Linux.I2c;
using GyroEdge.Hardware.Linux.V4l2;
using GyroEdge.Host.Configuration;
using GyroEdge.Host.Pipeline;

namespace GyroEdge.Host.Service;

/// <summary>
/// The board's devices through the kernel: the IMU on /dev/i2c-N, the strobe (and the IMU's
/// interrupt) on /dev/gpiochipN, the camera on /dev/videoN. The constructor opens the bus and the
/// GPIO chips and checks that the camera node opens, so a device that is missing or not
/// permitted fails the start at once (exit 69, EX_UNAVAILABLE), before minutes of model loading,
/// with the kernel's reason and what to do.
/// </summary>
public sealed class BoardDevices : IPipelineDevices
{
    private readonly GyroEdgeSettings _settings;
    private readonly LinuxI2cBus _bus;
    private readonly GpioChip? _strobeChip;
    private readonly GpioChip? _interruptChip;
    private GpioLineRequest? _interrupt;

    public BoardDevices(GyroEdgeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _bus = LinuxI2cBus.Open(settings.Imu.Bus);
        try
        {
            if (settings.Strobe.Enabled)
                _strobeChip = GpioChip.Open(settings.Strobe.Gpiochip);
            if (settings.Imu.Interrupt is { } interrupt)
                _interruptChip = interrupt.Gpiochip == settings.Strobe.Gpiochip && _strobeChip is not null ? null : GpioChip.Open(interrupt.Gpiochip);
            // Opened and closed: a missing node or a busy camera is reported now, not after the models load.
            V4l2Capture.Open(settings.Camera.Device).Dispose();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IImu OpenImu()
    {
        var imu = _settings.Imu;
        var address = (ushort)SettingValues.ParseNumber(imu.Address)!.Value;
        if (imu.Interrupt is { } line)
        {
            var chip = _interruptChip ?? _strobeChip!;
            _interrupt = chip.RequestEdgeEvents(new GpioEdgeRequest
            {
                Offsets = [(uint)line.Line],
                Edges = GpioEdgeDetection.Rising,
                Consumer = "gyroedge-imu-int",
                EventBufferSize = 64,
            });
        }
        return ImuDrivers.Create(imu, new I2cDevice(_bus, address), Domain.Time.SystemMonotonicClock.Instance, _interrupt);
    }

    public IGpioLineEventSource? OpenStrobe()
    {
        if (_strobeChip is null)
            return null;
        var strobe = _settings.Strobe;
        var mode = strobe.Mode.Trim().ToLowerInvariant();
        var rising = !strobe.Edge.Trim().Equals("falling", StringComparison.OrdinalIgnoreCase);
        return _strobeChip.RequestEdgeEvents(new GpioEdgeRequest
        {
            Offsets = [(uint)strobe.Line],
            // Single-edge modes request only the edge they use (ExposureStrobeOptions.EdgesPerExposure = 1).
            Edges = mode switch
            {
                "start" => rising ? GpioEdgeDetection.Rising : GpioEdgeDetection.Falling,
                "end" => rising ? GpioEdgeDetection.Falling : GpioEdgeDetection.Rising,
                _ => GpioEdgeDetection.Both,
            },
            Consumer = "gyroedge-strobe",
            EventBufferSize = 256,
        });
    }

    public IFrameSource OpenCamera(int poolFrames)
    {
        var camera = _settings.Camera;
        return V4l2FrameSource.Open(camera.Device, camera.Width, camera.Height, SettingValues.ParsePixelFormat(camera.PixelFormat)!.Value, camera.KernelBuffers, poolFrames);
    }

    public void Dispose()
    {
        _interrupt?.Dispose();
        _interruptChip?.Dispose();
        _strobeChip?.Dispose();
        _bus.Dispose();
    }
}
