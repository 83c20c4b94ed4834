using System.Globalization;

namespace GyroEdge.Host.Tests.Deployment;

/// <summary>
/// systemd/gyroedge.sysusers.conf, applied by the real systemd-sysusers to a scratch root the way
/// the install steps put it on a board (/usr/lib/sysusers.d/gyroedge.conf).
/// </summary>
public sealed class Sysusers_Tests : IDisposable
{
    private readonly ScratchDirectory _root = new();
    private readonly ExternalTool _sysusers = ExternalTool.Find("systemd-sysusers", "systemd");

    public Sysusers_Tests()
    {
        Directory.CreateDirectory(Path.Combine(_root.Path, "etc"));
        File.Copy(DeploymentFiles.Sysusers, _root.File("usr/lib/sysusers.d/gyroedge.conf"));
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Every_Line_Is_Accepted_By_Systemd_Sysusers()
    {
        var result = Apply();

        Assert.True(result.ExitCode == 0, result.ToString());
        // systemd-sysusers exits 0 even when it skips a bad line; it names the file and line on stderr.
        Assert.DoesNotContain("gyroedge.conf:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Creates_Gyroedge_As_A_System_Account_Without_A_Login()
    {
        Apply();

        var account = Entry("passwd", "gyroedge");
        Assert.InRange(int.Parse(account[2], CultureInfo.InvariantCulture), 1, 999);
        Assert.Equal("/usr/sbin/nologin", account[6]);
    }

    [Fact]
    public void Home_Is_The_State_Directory_The_Unit_Creates()
    {
        Apply();
        var state = SystemdUnitFile.Load(DeploymentFiles.ServiceUnit).Single("Service", "StateDirectory");

        Assert.Equal("/var/lib/" + state, Entry("passwd", "gyroedge")[5]);
    }

    [Fact]
    public void Creates_The_Device_Groups_With_Gyroedge_As_Member()
    {
        Apply();

        foreach (var group in new[] { "i2c", "gpio", "video" })
            Assert.Contains("gyroedge", Entry("group", group)[3].Split(','));
    }

    [Fact]
    public void Leaves_An_Existing_Group_Id_Alone_And_Changes_Nothing_On_A_Second_Run()
    {
        File.WriteAllText(Path.Combine(_root.Path, "etc", "group"), "video:x:44:\n");

        Apply();
        var afterFirst = File.ReadAllText(Path.Combine(_root.Path, "etc", "group"));
        Apply();

        Assert.Equal("44", Entry("group", "video")[2]);
        Assert.Equal(afterFirst, File.ReadAllText(Path.Combine(_root.Path, "etc", "group")));
    }

    private ToolResult Apply() => _sysusers.Run("--root=" + _root.Path);

    private string[] Entry(string database, string name)
    {
        var path = Path.Combine(_root.Path, "etc", database);
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no {name} in /etc/{database}:\n{File.ReadAllText(path)}");
        return line.Split(':');
    }
}
