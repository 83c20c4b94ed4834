using GyroEdge.Host.Configuration;

namespace GyroEdge.Host.Tests.Configuration;

public sealed class SettingsLoader_Tests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("gyroedge-settings-");

    public void Dispose() => _scratch.Delete(recursive: true);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_scratch.FullName, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        return path;
    }

    private string EmptyFolder => Directory.CreateDirectory(Path.Combine(_scratch.FullName, "empty")).FullName;

    [Fact]
    public void Drop_Ins_Override_The_Config_File_And_Set_Overrides_Both()
    {
        var file = Write("board.json", """{"Imu": {"Bus": 7, "Address": "0x68", "OdrHz": 1000}, "Device": {"Id": "from-file"}}""");
        Write("etc/10-bus.json", """{"Imu": {"Bus": 1}}""");
        Write("etc/20-address.json", """{"Imu": {"Address": "0x69", "Bus": 2}}""");

        var settings = SettingsLoader.Load(file, Path.Combine(_scratch.FullName, "etc"), ["Device:Id=from-command-line"]);

        Assert.Equal(2, settings.Imu.Bus);
        Assert.Equal("0x69", settings.Imu.Address);
        Assert.Equal(1000, settings.Imu.OdrHz);
        Assert.Equal("from-command-line", settings.Device.Id);
    }

    [Fact]
    public void Binds_Nested_Sections_Lists_And_Durations()
    {
        var file = Write("board.json", """
            {"Calibration": {"ImuToCamera": [[0, -1, 0], [1, 0, 0], [0, 0, 1]], "TimeOffsetNs": -2000000, "GyroBias": [0.001, 0, -0.002]},
             "Imu": {"Interrupt": {"Gpiochip": 1, "Line": 12}, "MaxProbeInterval": "00:00:01.5"},
             "Models": {"Providers": ["CUDA", "CPU"]}}
            """);

        var settings = SettingsLoader.Load(file, EmptyFolder, []);

        Assert.Equal([0.0, -1, 0], settings.Calibration.ImuToCamera![0]);
        Assert.Equal(-2_000_000, settings.Calibration.TimeOffsetNs);
        var calibration = SettingValues.Calibration(settings.Calibration);
        Assert.Equal(-1, calibration.ImuToCamera.M01);
        Assert.Equal(-0.002, calibration.GyroBias.Z);
        Assert.Equal((1, 12), (settings.Imu.Interrupt!.Gpiochip, settings.Imu.Interrupt.Line));
        Assert.Equal(TimeSpan.FromSeconds(1.5), settings.Imu.MaxProbeInterval);
        Assert.Equal(["CUDA", "CPU"], settings.Models.Providers);
    }

    [Fact]
    public void Refuses_An_Unknown_Key_Naming_It_And_The_Keys_It_Could_Be()
    {
        var file = Write("board.json", """{"Imu": {"Adress": "0x68"}}""");

        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Load(file, EmptyFolder, []));

        Assert.StartsWith("Imu:Adress is not a setting GyroEdge knows.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_Keys_Starting_With_An_Underscore_As_Comments()
    {
        var file = Write("board.json", """{"_comment": "pins: see README", "Imu": {"_note": "AD0 low", "Bus": 3}}""");

        var settings = SettingsLoader.Load(file, EmptyFolder, []);

        Assert.Equal(3, settings.Imu.Bus);
    }

    [Fact]
    public void A_Value_Of_The_Wrong_Type_Names_Its_Key()
    {
        var file = Write("board.json", """{"Imu": {"Bus": "seven"}}""");

        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Load(file, EmptyFolder, []));

        Assert.Contains("'Imu:Bus'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_Json_Names_The_File()
    {
        var file = Write("board.json", """{"Imu": {"Bus": 7,}""");

        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Load(file, EmptyFolder, []));

        Assert.Contains("board.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Missing_Config_File_Is_A_Configuration_Error_Naming_It()
    {
        var missing = Path.Combine(_scratch.FullName, "nowhere.json");

        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Load(missing, EmptyFolder, []));

        Assert.StartsWith($"--config {missing} does not exist.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Set_Without_An_Equals_Sign_Says_The_Form_Expected()
    {
        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, EmptyFolder, ["Imu:Address"]));

        Assert.Equal("--set Imu:Address: expected Section:Key=value, e.g. --set Imu:Address=0x69.", error.Message);
    }
}
