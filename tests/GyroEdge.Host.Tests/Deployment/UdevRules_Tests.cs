namespace GyroEdge.Host.Tests.Deployment;

/// <summary>firmware-config/udev/99-gyroedge.rules: valid udev syntax, and the nodes the daemon opens in its groups.</summary>
public sealed class UdevRules_Tests
{
    private static IReadOnlyList<UdevRule> Rules => UdevRuleFile.Load(DeploymentFiles.UdevRules);

    [Fact]
    public void Every_Rule_Is_Known_Keys_With_Their_Operators_And_Quoted_Values()
    {
        var rules = Rules; // parsing throws on the first malformed rule, naming its line

        Assert.NotEmpty(rules);
        Assert.All(rules, rule => Assert.Contains(rule.Pairs, pair => pair.IsMatch));
    }

    [Theory]
    [InlineData("SUBSYSTEM=\"i2c-dev\", GROUP=\"i2c\"", "only matches")]              // assignment on a match key
    [InlineData("SUBSYSTEM==\"i2c-dev\", GROUP==\"i2c\"", "only assigns")]            // match on an assignment key
    [InlineData("SUBSYSTEM==\"i2c-dev\" GROUP=\"i2c\"", "cannot read")]              // missing comma
    [InlineData("SUBSYSTEM==\"i2c-dev\", GRUOP=\"i2c\"", "not a udev key")]           // typo
    [InlineData("SUBSYSTEM==\"i2c-dev\", MODE=\"rw\"", "octal")]                      // not a mode
    [InlineData("GROUP=\"i2c\", MODE=\"0660\"", "matches nothing")]                   // would hit every device
    public void Rule_Parser_Rejects_What_Udev_Would_Skip_Or_Misapply(string rule, string reason)
    {
        var error = Assert.Throws<FormatException>(() => UdevRuleFile.Parse(rule));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gives_I2c_Dev_Nodes_To_Group_I2c()
    {
        var rule = Single("i2c-dev");

        Assert.True(UdevRuleFile.PatternMatches(rule.Matched("KERNEL") ?? "*", "i2c-7"));
        Assert.Equal("i2c", rule.Assigned("GROUP"));
        Assert.Equal("0660", rule.Assigned("MODE"));
    }

    [Fact]
    public void Gives_Gpio_Character_Devices_To_Group_Gpio()
    {
        var rule = Single("gpio");
        var kernel = rule.Matched("KERNEL") ?? throw new InvalidOperationException("the gpio rule must name the gpiochip nodes in KERNEL==");

        Assert.True(UdevRuleFile.PatternMatches(kernel, "gpiochip0"));
        Assert.True(UdevRuleFile.PatternMatches(kernel, "gpiochip1"));
        Assert.False(UdevRuleFile.PatternMatches(kernel, "gpio144")); // a legacy sysfs export, not a chardev
        Assert.Equal("gpio", rule.Assigned("GROUP"));
        Assert.Equal("0660", rule.Assigned("MODE"));
    }

    [Fact]
    public void Gives_Video4linux_Nodes_To_Group_Video()
    {
        var rule = Single("video4linux");

        Assert.True(UdevRuleFile.PatternMatches(rule.Matched("KERNEL") ?? "*", "video0"));
        Assert.Equal("video", rule.Assigned("GROUP"));
        Assert.Equal("0660", rule.Assigned("MODE"));
    }

    [Fact]
    public void Pattern_Match_Follows_Udev_Globs()
    {
        Assert.True(UdevRuleFile.PatternMatches("i2c-[0-9]*", "i2c-10"));
        Assert.False(UdevRuleFile.PatternMatches("i2c-[0-9]*", "i2c-dev"));
        Assert.True(UdevRuleFile.PatternMatches("video?|media*", "media0"));
        Assert.False(UdevRuleFile.PatternMatches("video?", "video10"));
    }

    [Fact]
    public void Hands_Nodes_Only_To_The_Groups_The_Service_Joins()
    {
        var groups = Rules.Select(r => r.Assigned("GROUP")).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var serviceGroups = SystemdUnitFile.Load(DeploymentFiles.ServiceUnit).Words("Service", "SupplementaryGroups").Order(StringComparer.Ordinal);

        Assert.Equal(serviceGroups, groups);
    }

    private static UdevRule Single(string subsystem)
    {
        var matching = Rules.Where(r => r.Matched("SUBSYSTEM") is { } pattern && UdevRuleFile.PatternMatches(pattern, subsystem)).ToList();
        return matching.Count == 1
            ? matching[0]
            : throw new InvalidOperationException($"expected one rule for SUBSYSTEM {subsystem}, found {matching.Count}.");
    }
}
