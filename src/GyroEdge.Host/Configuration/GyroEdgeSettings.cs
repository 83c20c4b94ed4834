namespace GyroEdge.Host.Configuration;

/// <summary>
/// Everything `gyroedge run` reads from its configuration (the JSON files, GYROEDGE__ environment
/// variables and --set overrides, <see cref="SettingsLoader"/>), one property per section. The
/// names are the JSON keys: <c>{"Imu": {"Bus": 7, "Address": "0x68"}}</c> is <c>Imu:Address</c>.
/// Values are checked as a whole by <see cref="SettingsValidator"/> before any device is opened.
/// </summary>
public sealed class GyroEdgeSettings
{
    /// <summary>"deblur" (publish deblurred frames), "record" (write recordings) or "both".</summary>
    public string Mode { get; set; } = "deblur";

    public DeviceSettings Device { get; set; } = new();

    public ImuSettings Imu { get; set; } = new();

    public StrobeSettings Strobe { get; set; } = new();

    public CameraSettings Camera { get; set; } = new();

    public CalibrationSettings Calibration { get; set; } = new();

    public ModelSettings Models { get; set; } = new();

    public MqttSettings Mqtt { get; set; } = new();

    public RecordingSettings Recording { get; set; } = new();

    public HealthSettings Health { get; set; } = new();

    public PipelineSettings Pipeline { get; set; } = new();

    public SimulationSettings Simulation { get; set; } = new();
}

/// <summary>What the daemon does with the frames it sees.</summary>
[Flags]
public enum PipelineMode
{
    /// <summary>Deblur each frame and publish it over MQTT.</summary>
    Deblur = 1,

    /// <summary>Write frames, the gyro stream and exposures to recordings on disk.</summary>
    Record = 2,

    Both = Deblur | Record,
}
