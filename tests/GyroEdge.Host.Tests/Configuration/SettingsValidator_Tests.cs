using GyroEdge.Host.Configuration;
using GyroEdge.Host.Tests.Simulation;
using GyroEdge.TestSupport;

namespace GyroEdge.Host.Tests.Configuration;

public sealed class SettingsValidator_Tests
{
    private static readonly string Boards = Path.Combine(Repository.Root, "firmware-config", "boards");

    private static GyroEdgeSettings Valid() => SimulatedSettings.Create(Path.GetTempPath(), 1883);

    [Fact]
    public void Accepts_The_Simulated_Test_Settings()
    {
        Assert.Empty(SettingsValidator.Validate(Valid()));
    }

    [Theory]
    [InlineData("0x99", "Imu:Address 0x99 is not a valid 7-bit I2C address (expected 0x68 or 0x69 for an ICM-42688-P).")]
    [InlineData("0x50", "Imu:Address 0x50 is not an address an ICM-42688-P answers at (expected 0x68 with AD0 low, or 0x69 with AD0 high).")]
    [InlineData("sixty-eight", "Imu:Address is \"sixty-eight\"; expected a 7-bit I2C address such as 0x68 (hexadecimal with 0x, or decimal).")]
    public void Names_A_Bad_Imu_Address_And_What_Was_Expected(string address, string expected)
    {
        var settings = Valid();
        settings.Imu.Address = address;

        Assert.Equal([expected], SettingsValidator.Validate(settings));
    }

    [Fact]
    public void Takes_Decimal_And_Hexadecimal_Addresses()
    {
        var settings = Valid();
        settings.Imu.Address = "105";

        Assert.Empty(SettingsValidator.Validate(settings));
    }

    [Fact]
    public void Lists_Every_Problem_At_Once_Each_Starting_With_Its_Setting()
    {
        var settings = Valid();
        settings.Mode = "fast";
        settings.Imu.OdrHz = 999;
        settings.Camera.PixelFormat = "mjpeg";
        settings.Mqtt.JpegQuality = 101;
        settings.Health.Listen = "localhost:9464";
        settings.Device.Id = "cam 01";

        var problems = SettingsValidator.Validate(settings);

        Assert.Equal(["Mode", "Device:Id", "Imu:OdrHz", "Camera:PixelFormat", "Mqtt:JpegQuality", "Health:Listen"],
            problems.Select(p => p.Split(' ')[0].TrimEnd(':')));
    }

    [Fact]
    public void Refuses_A_Calibration_That_Is_Not_A_Rotation()
    {
        var settings = Valid();
        settings.Calibration.ImuToCamera = [[1, 0, 0], [0, 1, 0], [0, 0, -1]];

        var problem = Assert.Single(SettingsValidator.Validate(settings));

        Assert.StartsWith("Calibration:ImuToCamera/GyroBias: The IMU-to-camera rotation [1, 0, 0, 0, 1, 0, 0, 0, -1] is not a rotation", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Needs_The_Models_Only_When_Deblurring()
    {
        var settings = Valid();
        settings.Models.Gyro = "/nowhere/gyro.onnx";

        Assert.StartsWith("Models:Gyro names /nowhere/gyro.onnx, which does not exist.", Assert.Single(SettingsValidator.Validate(settings)), StringComparison.Ordinal);
        settings.Mode = "record";
        Assert.Empty(SettingsValidator.Validate(settings));
    }

    [Fact]
    public void A_Camera_Without_A_Strobe_Is_Refused_Outside_Simulation()
    {
        var settings = Valid();
        settings.Simulation.Enabled = false;
        settings.Strobe.Enabled = false;

        Assert.Contains(SettingsValidator.Validate(settings), p => p.StartsWith("Strobe:Enabled is false, but a V4L2 camera's frames carry no exposure window", StringComparison.Ordinal));
    }

    [Fact]
    public void The_Frame_Pool_Must_Hold_The_Queues_And_The_Frames_At_Work()
    {
        var settings = Valid();
        settings.Mode = "both";
        settings.Pipeline.FramePool = 6;

        Assert.Equal(["Pipeline:FramePool is 6; with these queues it needs at least 10 buffers (the queues plus the frames the stages hold), and at most 1024."],
            SettingsValidator.Validate(settings));
    }

    [Theory]
    [InlineData("jetson-orin-nano-devkit.json")]
    [InlineData("jetson-orin-nx-devkit.json")]
    public void Board_Examples_Load_And_Miss_Only_The_Files_That_Live_On_The_Board(string board)
    {
        var settings = SettingsLoader.Load(Path.Combine(Boards, board), Path.Combine(Boards, "no-drop-ins"), []);

        var problems = SettingsValidator.Validate(settings);

        Assert.Equal(7, settings.Imu.Bus);
        Assert.Equal("0x68", settings.Imu.Address);
        Assert.All(problems, p => Assert.Matches(@"^(Models:(Gyro|Blind)|Mqtt:Tls:\w+) names /(opt|etc)/", p));
        Assert.Equal(5, problems.Count);
    }

    [Theory]
    [InlineData("jetson-orin-nano-devkit.json")]
    [InlineData("jetson-orin-nx-devkit.json")]
    public void Board_Examples_Put_The_Strobe_On_The_Line_The_Pin_Map_Gives_And_The_Models_Where_The_Install_Puts_Them(string board)
    {
        var settings = SettingsLoader.Load(Path.Combine(Boards, board), Path.Combine(Boards, "no-drop-ins"), []);
        var pinMap = File.ReadAllText(Path.Combine(Repository.Root, "firmware-config", "README.md"));
        var strobeRow = System.Text.RegularExpressions.Regex.Match(pinMap, @"\| camera exposure strobe \|[^\n]*`gpiochip(\d+)` line \*\*(\d+)\*\*");
        Assert.True(strobeRow.Success, "firmware-config/README.md has no pin-map row for the camera exposure strobe");

        Assert.Equal((int.Parse(strobeRow.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(strobeRow.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)),
            (settings.Strobe.Gpiochip, settings.Strobe.Line));
        var install = File.ReadAllText(Path.Combine(Repository.Root, "systemd", "README.md"));
        Assert.Contains("sudo cp -a models /opt/gyroedge/models", install, StringComparison.Ordinal);
        Assert.StartsWith("/opt/gyroedge/models/", settings.Models.Gyro, StringComparison.Ordinal);
        Assert.StartsWith("/opt/gyroedge/models/", settings.Models.Blind, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Simulated_Board_Runs_From_The_Checkout()
    {
        var settings = SettingsLoader.Load(Path.Combine(Boards, "simulated.json"), Path.Combine(Boards, "no-drop-ins"),
        [
            $"Models:Gyro={Path.Combine(Repository.Root, "models", "gyroedge-edge.onnx")}",
            $"Models:Blind={Path.Combine(Repository.Root, "models", "gyroedge-edge-blind.onnx")}",
        ]);

        Assert.Empty(SettingsValidator.Validate(settings));
        Assert.True(settings.Simulation.Enabled);
    }
}
