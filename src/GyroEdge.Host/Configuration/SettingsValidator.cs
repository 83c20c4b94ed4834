using System.Globalization;
using GyroEdge.Host.Fleet;
using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Imu.Icm42688;
using GyroEdge.Messaging.Fleet;

namespace GyroEdge.Host.Configuration;

/// <summary>
/// Checks the whole configuration before anything is opened, and reports every problem at once,
/// each naming its setting, what it holds and what was expected: an integrator fixes a file in
/// one pass, and a bad file fails the start (exit 78) instead of a device half configured.
/// Sections a mode does not use (Mqtt and Models when only recording) are not checked.
/// </summary>
public static class SettingsValidator
{
    /// <summary>Throws <see cref="SettingsException"/> listing every problem; returns when the settings can run.</summary>
    public static void ThrowIfInvalid(GyroEdgeSettings settings)
    {
        var problems = Validate(settings);
        if (problems.Count > 0)
            throw new SettingsException(problems);
    }

    public static IReadOnlyList<string> Validate(GyroEdgeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>();
        void Problem(FormattableString text) => problems.Add(text.ToString(CultureInfo.InvariantCulture));

        var mode = SettingValues.ParseMode(settings.Mode);
        if (mode is null)
            Problem($"Mode is \"{settings.Mode}\"; expected \"deblur\" (publish deblurred frames), \"record\" (write recordings) or \"both\".");
        var deblur = mode is null || mode.Value.HasFlag(PipelineMode.Deblur);
        var record = mode is not null && mode.Value.HasFlag(PipelineMode.Record);
        var simulation = settings.Simulation.Enabled;

        CheckDevice(settings.Device, Problem);
        CheckImu(settings.Imu, simulation, Problem);
        CheckStrobe(settings.Strobe, simulation, Problem);
        CheckCamera(settings.Camera, settings.Simulation, Problem);
        try
        {
            SettingValues.Calibration(settings.Calibration);
        }
        catch (ArgumentException e)
        {
            Problem($"Calibration:ImuToCamera/GyroBias: {e.Message} Measure the calibration (README: calibration) or remove the key for the identity.");
        }
        if (deblur)
        {
            CheckModels(settings.Models, Problem);
            CheckMqtt(settings.Mqtt, Problem);
        }
        if (record)
            CheckRecording(settings.Recording, Problem);
        if (SettingValues.ParseListen(settings.Health.Listen) is null)
            Problem($"Health:Listen is \"{settings.Health.Listen}\"; expected address:port with an IP address, e.g. 127.0.0.1:9464 (loopback: the endpoint has no authentication).");
        CheckPipeline(settings.Pipeline, record, Problem);
        if (simulation)
            CheckSimulation(settings.Simulation, Problem);
        return problems;
    }

    private static void CheckDevice(DeviceSettings device, Action<FormattableString> problem)
    {
        if (string.IsNullOrEmpty(device.Id))
        {
            problem($"Device:Id is not set; every device needs its own id (its MQTT topic level and certificate CN), e.g. \"cam-01\": letters, digits, '-', '_', '.'.");
        }
        else
        {
            try
            {
                DeviceTopics.ValidateDeviceId(device.Id);
            }
            catch (ArgumentException e)
            {
                problem($"Device:Id: {e.Message}");
            }
        }
        if (device.StopTimeout <= TimeSpan.Zero || device.StopTimeout > TimeSpan.FromMinutes(10))
            problem($"Device:StopTimeout is {device.StopTimeout}; expected more than 0 and at most 00:10:00 (e.g. 00:00:15), and below systemd's TimeoutStopSec.");
    }

    private static void CheckImu(ImuSettings imu, bool simulation, Action<FormattableString> problem)
    {
        var chip = imu.Chip?.Trim().ToLowerInvariant();
        if (chip is null || !SettingValues.ImuChips.Contains(chip))
        {
            problem($"Imu:Chip is \"{imu.Chip}\"; expected one of {string.Join(", ", SettingValues.ImuChips)}.");
            return;
        }
        var icm = chip == "icm42688";
        var name = icm ? "an ICM-42688-P" : $"an {chip.ToUpperInvariant().Replace("MPU", "MPU-", StringComparison.Ordinal)}";
        if (!simulation && imu.Bus < 0)
            problem($"Imu:Bus is {imu.Bus}; expected the i2c-dev adapter number N of /dev/i2c-N (7 on the Orin Nano/NX developer kits' header pins 3/5; `i2cdetect -l` lists them).");
        var address = SettingValues.ParseNumber(imu.Address);
        if (address is null)
            problem($"Imu:Address is \"{imu.Address}\"; expected a 7-bit I2C address such as 0x68 (hexadecimal with 0x, or decimal).");
        else if (address is < 0 or > 0x7F)
            problem($"Imu:Address 0x{address:X2} is not a valid 7-bit I2C address (expected 0x68 or 0x69 for {name}).");
        else if (address is not (0x68 or 0x69))
            problem($"Imu:Address 0x{address:X2} is not an address {name} answers at (expected 0x68 with AD0 low, or 0x69 with AD0 high).");

        if (icm)
        {
            if (!Icm42688OutputDataRateExtensions.TryFromHertz(imu.OdrHz, out _))
                problem($"Imu:OdrHz is {imu.OdrHz}; the ICM-42688-P samples at 12.5, 25, 50, 100, 200, 500, 1000, 2000, 4000, 8000, 16000 or 32000 Hz (over I2C up to about 2000).");
            if (SettingValues.IcmRange(imu.RangeDps) is null)
                problem($"Imu:RangeDps is {imu.RangeDps}; the ICM-42688-P has 2000, 1000, 500, 250, 125, 62.5, 31.25 or 15.625 dps.");
        }
        else
        {
            var hz = imu.OdrHz;
            var whole = hz == Math.Floor(hz);
            var rateOk = whole && (hz > 1000 ? hz <= 8000 && 8000 % hz == 0 : hz >= 4 && 1000 % hz == 0);
            if (!rateOk)
                problem($"Imu:OdrHz is {hz}; the MPU-6050 family samples at 8000/(1+n) Hz above 1 kHz or 1000/(1+n) Hz up to it: 8000, 4000, 2000, 1000, 500, 250, 200, 125, 100, 50, ...");
            if (imu.RangeDps is not (250 or 500 or 1000 or 2000))
                problem($"Imu:RangeDps is {imu.RangeDps}; the MPU-6050 family has 250, 500, 1000 or 2000 dps.");
        }
        if (!(imu.BatchMs > 0 && imu.BatchMs <= 1000))
            problem($"Imu:BatchMs is {imu.BatchMs}; expected more than 0 and at most 1000 ms (5 is a good start).");
        if (imu.Interrupt is { } line && !simulation && (line.Gpiochip < 0 || line.Line < 0))
            problem($"Imu:Interrupt is gpiochip {line.Gpiochip} line {line.Line}; expected the chip number and line offset `gpioinfo` shows for the pin wired to INT1, or remove Imu:Interrupt to poll.");
        if (imu.Realtime?.Trim().ToLowerInvariant() is not ("auto" or "on" or "off"))
            problem($"Imu:Realtime is \"{imu.Realtime}\"; expected \"auto\" (try SCHED_FIFO), \"on\" (fail without it) or \"off\".");
        if (imu.ProbeInterval <= TimeSpan.Zero || imu.MaxProbeInterval < imu.ProbeInterval)
            problem($"Imu:ProbeInterval is {imu.ProbeInterval} and Imu:MaxProbeInterval {imu.MaxProbeInterval}; expected a positive interval and a maximum at least as long (e.g. 00:00:00.05 and 00:00:02).");
    }

    private static void CheckStrobe(StrobeSettings strobe, bool simulation, Action<FormattableString> problem)
    {
        if (!strobe.Enabled)
        {
            if (!simulation)
                problem($"Strobe:Enabled is false, but a V4L2 camera's frames carry no exposure window; wire the camera's strobe (XVS/flash) to a GPIO line and set Strobe:Gpiochip and Strobe:Line.");
            return;
        }
        if (!simulation)
        {
            if (strobe.Gpiochip < 0)
                problem($"Strobe:Gpiochip is {strobe.Gpiochip}; expected N of /dev/gpiochipN (`gpiodetect` lists them).");
            if (strobe.Line < 0)
                problem($"Strobe:Line is not set ({strobe.Line}); expected the line offset `gpioinfo` shows for the header pin the strobe is wired to (see firmware-config/README.md for the pin map).");
        }
        if (strobe.Edge?.Trim().ToLowerInvariant() is not ("rising" or "falling"))
            problem($"Strobe:Edge is \"{strobe.Edge}\"; expected \"rising\" (active-high strobe: exposure starts on the rising edge) or \"falling\".");
        var mode = strobe.Mode?.Trim().ToLowerInvariant();
        if (mode is not ("both" or "start" or "end"))
            problem($"Strobe:Mode is \"{strobe.Mode}\"; expected \"both\" (one edge opens, the other closes the exposure), \"start\" or \"end\" (one edge and Strobe:ExposureNs).");
        else if (mode != "both" && !(strobe.ExposureNs > 0))
            problem($"Strobe:ExposureNs is {strobe.ExposureNs?.ToString(CultureInfo.InvariantCulture) ?? "not set"}; Strobe:Mode \"{mode}\" uses one edge and needs the sensor's exposure time in ns.");
        if (strobe.MatchToleranceNs <= 0)
            problem($"Strobe:MatchToleranceNs is {strobe.MatchToleranceNs}; expected a positive tolerance below half the frame period, e.g. 2000000 (2 ms).");
        if (strobe.EndOfFrameLatencyNs < 0)
            problem($"Strobe:EndOfFrameLatencyNs is {strobe.EndOfFrameLatencyNs}; expected 0 or more (ns from the last row's exposure end to the frame's timestamp).");
    }

    private static void CheckCamera(CameraSettings camera, SimulationSettings simulation, Action<FormattableString> problem)
    {
        var format = SettingValues.ParsePixelFormat(camera.PixelFormat);
        if (format is null)
        {
            problem($"Camera:PixelFormat is \"{camera.PixelFormat}\"; expected one of {string.Join(", ", SettingValues.PixelFormats)} (MJPEG is not taken: the pipeline needs raw pixels).");
        }
        else if (simulation.Enabled && simulation.Recording is null && format is not (FramePixelFormat.Rgb24 or FramePixelFormat.Bgr24 or FramePixelFormat.Grey))
        {
            problem($"Camera:PixelFormat is \"{camera.PixelFormat}\"; the simulated camera draws rgb24, bgr24 or grey frames.");
        }
        var sizeFromRecording = simulation.Enabled && simulation.Recording is not null;
        if (!sizeFromRecording)
        {
            if (camera.Width < 1 || camera.Height < 1)
                problem($"Camera:Width x Camera:Height is {camera.Width}x{camera.Height}; expected the camera's resolution, e.g. 1280x720.");
            else if (format is FramePixelFormat.Yuyv or FramePixelFormat.Nv12 && (camera.Width % 2 != 0 || (format == FramePixelFormat.Nv12 && camera.Height % 2 != 0)))
                problem($"Camera:Width x Camera:Height is {camera.Width}x{camera.Height}; {camera.PixelFormat} frames need an even width (and NV12 an even height).");
        }
        if (camera.Intrinsics is { } k)
        {
            if (!(k.Fx > 0) || !(k.Fy > 0) || !double.IsFinite(k.Fx) || !double.IsFinite(k.Fy) || !double.IsFinite(k.Cx) || !double.IsFinite(k.Cy) || !double.IsFinite(k.Skew))
                problem($"Camera:Intrinsics is fx={k.Fx} fy={k.Fy} cx={k.Cx} cy={k.Cy}; expected positive focal lengths and a finite principal point in pixels of Camera:Width x Camera:Height, from the camera calibration.");
        }
        else if (camera.HorizontalFovDegrees is { } fov)
        {
            if (!(fov > 0 && fov < 180))
                problem($"Camera:HorizontalFovDegrees is {fov}; expected the lens's horizontal field of view, between 0 and 180 degrees.");
        }
        else if (!sizeFromRecording)
        {
            problem($"Camera:Intrinsics is not set; the gyro model needs the camera's fx, fy, cx, cy in pixels (calibrate the camera), or set Camera:HorizontalFovDegrees as a stand-in.");
        }
        if (camera.ReadoutNs < 0)
            problem($"Camera:ReadoutNs is {camera.ReadoutNs}; expected 0 (global shutter) or the rolling-shutter readout time in ns.");
        if (!simulation.Enabled)
        {
            if (string.IsNullOrWhiteSpace(camera.Device))
                problem($"Camera:Device is empty; expected the V4L2 capture node, e.g. /dev/video0 (`v4l2-ctl --list-devices`).");
            if (camera.KernelBuffers is < 2 or > 32)
                problem($"Camera:KernelBuffers is {camera.KernelBuffers}; expected 2 to 32 (4 is usual).");
        }
    }

    private static void CheckModels(ModelSettings models, Action<FormattableString> problem)
    {
        if (string.IsNullOrWhiteSpace(models.Gyro) || !File.Exists(models.Gyro))
            problem($"Models:Gyro names {models.Gyro}, which does not exist. Expected the gyro model's .onnx with its .manifest.json beside it (models/ in the release).");
        if (string.IsNullOrWhiteSpace(models.Blind) || !File.Exists(models.Blind))
            problem($"Models:Blind names {models.Blind}, which does not exist. Expected the gyro model's blind twin (.onnx and .manifest.json), run when a frame has no usable gyro.");
        foreach (var provider in models.Providers ?? [])
        {
            if (!SettingValues.Providers.Contains(provider, StringComparer.OrdinalIgnoreCase))
                problem($"Models:Providers holds \"{provider}\"; expected any of {string.Join(", ", SettingValues.Providers)}, in the order to try.");
        }
        if (SettingValues.ParseFit(models.Fit) is null)
            problem($"Models:Fit is \"{models.Fit}\"; expected \"pad\" (to the model's alignment) or \"resize\".");
        if (models.IntraOpThreads < 0)
            problem($"Models:IntraOpThreads is {models.IntraOpThreads}; expected 0 (ONNX Runtime chooses) or a thread count.");
    }

    private static void CheckMqtt(MqttSettings mqtt, Action<FormattableString> problem)
    {
        BrokerUrl? broker = null;
        try
        {
            broker = BrokerUrl.Parse(mqtt.Broker ?? "");
        }
        catch (ArgumentException)
        {
            problem($"Mqtt:Broker is \"{mqtt.Broker}\"; expected mqtt://host[:port] or mqtts://host[:port] for TLS, e.g. mqtts://mqtt.example.com:8883.");
        }
        if (broker is { Tls: true } && string.IsNullOrEmpty(mqtt.Tls?.CaFile))
            problem($"Mqtt:Tls:CaFile is not set; {mqtt.Broker} is TLS and the broker's certificate is checked against that CA. Set it to the CA's PEM file (e.g. /etc/gyroedge/tls/ca.crt).");
        if (mqtt.Tls is { } tls)
        {
            foreach (var (key, file) in new[] { ("CaFile", tls.CaFile), ("CertificateFile", tls.CertificateFile), ("KeyFile", tls.KeyFile) })
            {
                if (!string.IsNullOrEmpty(file) && !File.Exists(file))
                    problem($"Mqtt:Tls:{key} names {file}, which does not exist. Check the path and that the service user may read it.");
            }
            if (string.IsNullOrEmpty(tls.CertificateFile) != string.IsNullOrEmpty(tls.KeyFile))
                problem($"Mqtt:Tls:CertificateFile and Mqtt:Tls:KeyFile go together (the device's certificate and its private key); set both or neither.");
        }
        if (mqtt.DeviceId is { } id)
        {
            try
            {
                DeviceTopics.ValidateDeviceId(id);
            }
            catch (ArgumentException e)
            {
                problem($"Mqtt:DeviceId: {e.Message}");
            }
        }
        if (string.IsNullOrWhiteSpace(mqtt.OutboxDirectory))
            problem($"Mqtt:OutboxDirectory is empty; expected a folder on local storage, e.g. /var/lib/gyroedge/outbox.");
        if (mqtt.OutboxMaxBytes < 1 << 20)
            problem($"Mqtt:OutboxMaxBytes is {mqtt.OutboxMaxBytes}; expected at least 1 MiB (1048576) so several frames fit through an outage; 268435456 (256 MiB) is the default.");
        if (mqtt.JpegQuality is < 10 or > 100)
            problem($"Mqtt:JpegQuality is {mqtt.JpegQuality}; expected 10 to 100 (85 to 95 keeps frames visually lossless).");
        if (!(mqtt.TelemetrySeconds >= 0) || mqtt.TelemetrySeconds > 3600)
            problem($"Mqtt:TelemetrySeconds is {mqtt.TelemetrySeconds}; expected 0 (no telemetry) up to 3600.");
        if (mqtt.KeepAliveSeconds is < 5 or > 65535)
            problem($"Mqtt:KeepAliveSeconds is {mqtt.KeepAliveSeconds}; expected 5 to 65535 (60 is usual).");
    }

    private static void CheckRecording(RecordingSettings recording, Action<FormattableString> problem)
    {
        if (string.IsNullOrWhiteSpace(recording.Directory))
            problem($"Recording:Directory is empty; expected a folder on local storage, e.g. /var/lib/gyroedge/recordings.");
        if (recording.SessionFrames < 1)
            problem($"Recording:SessionFrames is {recording.SessionFrames}; expected at least 1 frame per session (3000 is the default).");
        if (recording.SessionLength <= TimeSpan.Zero)
            problem($"Recording:SessionLength is {recording.SessionLength}; expected a positive duration, e.g. 00:10:00.");
        if (recording.DiskBudgetBytes < 1 << 20)
            problem($"Recording:DiskBudgetBytes is {recording.DiskBudgetBytes}; expected at least 1 MiB (1048576); keep it below the free space of the disk.");
        if (SettingValues.ParseBudgetPolicy(recording.WhenBudgetReached) is null)
            problem($"Recording:WhenBudgetReached is \"{recording.WhenBudgetReached}\"; expected \"delete-oldest\" (keep recent sessions) or \"stop\".");
        if (recording.SyncInterval <= TimeSpan.Zero || recording.SyncInterval > TimeSpan.FromSeconds(10))
            problem($"Recording:SyncInterval is {recording.SyncInterval}; it bounds what a power cut loses, so keep it between 00:00:00.001 and 00:00:10.");
    }

    private static void CheckPipeline(PipelineSettings pipeline, bool record, Action<FormattableString> problem)
    {
        if (pipeline.InferenceQueue is < 1 or > 64)
            problem($"Pipeline:InferenceQueue is {pipeline.InferenceQueue}; expected 1 to 64 frames (2 keeps latency low).");
        if (pipeline.RecorderQueue is < 1 or > 256)
            problem($"Pipeline:RecorderQueue is {pipeline.RecorderQueue}; expected 1 to 256 frames.");
        var needed = pipeline.InferenceQueue + (record ? pipeline.RecorderQueue : 0) + 4;
        if (pipeline.FramePool < needed || pipeline.FramePool > 1024)
            problem($"Pipeline:FramePool is {pipeline.FramePool}; with these queues it needs at least {needed} buffers (the queues plus the frames the stages hold), and at most 1024.");
        if (pipeline.GyroWait <= TimeSpan.Zero || pipeline.GyroWait > TimeSpan.FromSeconds(2))
            problem($"Pipeline:GyroWait is {pipeline.GyroWait}; expected a few IMU batches, more than 0 and at most 00:00:02 (e.g. 00:00:00.1).");
        if (pipeline.GyroHistory < TimeSpan.FromSeconds(1) || pipeline.GyroHistory > TimeSpan.FromMinutes(1))
            problem($"Pipeline:GyroHistory is {pipeline.GyroHistory}; expected 00:00:01 to 00:01:00 (frames wait in queues for less than that).");
        if (pipeline.StallTimeout < TimeSpan.FromSeconds(0.1) || pipeline.StallTimeout > TimeSpan.FromMinutes(10))
            problem($"Pipeline:StallTimeout is {pipeline.StallTimeout}; expected 00:00:00.1 to 00:10:00, longer than any one frame's inference.");
    }

    private static void CheckSimulation(SimulationSettings simulation, Action<FormattableString> problem)
    {
        if (simulation.GyroTrace is { } trace && !File.Exists(trace))
            problem($"Simulation:GyroTrace names {trace}, which does not exist. Expected a gyro log of 'timestamp_ns wx wy wz' lines (e.g. ../shared/data/gyro/smartphone_gyro_train.txt), or remove the key for the default.");
        if (simulation.Recording is { } recording && !File.Exists(Path.Combine(recording, RecordingSession.FileName)))
            problem($"Simulation:Recording names {recording}, which holds no session.json. Expected a recording folder (session.json, frames.csv, frames/), e.g. made by the trainer's synth.");
        if (!(simulation.FrameRateHz > 0 && simulation.FrameRateHz <= 240))
            problem($"Simulation:FrameRateHz is {simulation.FrameRateHz}; expected more than 0 and at most 240 frames per second.");
        else if (!(simulation.ExposureMs > 0 && simulation.ExposureMs < 1000 / simulation.FrameRateHz))
            problem($"Simulation:ExposureMs is {simulation.ExposureMs}; expected more than 0 and shorter than one frame period at Simulation:FrameRateHz ({1000 / simulation.FrameRateHz:0.##} ms).");
        if (!(simulation.InferenceDelayMs >= 0))
            problem($"Simulation:InferenceDelayMs is {simulation.InferenceDelayMs}; expected 0 or more.");
    }
}
