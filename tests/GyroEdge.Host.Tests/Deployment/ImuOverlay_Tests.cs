namespace GyroEdge.Host.Tests.Deployment;

/// <summary>
/// firmware-config/overlays/gyroedge-imu-overlay.dts, compiled with the real device-tree compiler
/// the way an integrator does (`dtc -@ -I dts -O dtb`), then read back from the blob.
/// </summary>
public sealed class ImuOverlay_Tests : IDisposable
{
    private const string PinmuxState = "/fragment@0/__overlay__/gyroedge-hdr40-pinmux";
    private const string I2cControllerBehindPins3And5 = "/bus@0/i2c@c250000";

    private readonly ScratchDirectory _scratch = new();
    private readonly ExternalTool _dtc = ExternalTool.Find("dtc", "device-tree-compiler");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Compiles_With_Dtc_As_An_Overlay_Without_Warnings()
    {
        var result = Compile(out var blob);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Error.Trim().Length == 0, "dtc warned:\n" + result);
        Assert.True(new FileInfo(blob).Length > 0);
    }

    [Fact]
    public void Decompiled_Blob_Configures_Header_Pin_7_As_The_Imu_Interrupt_Input()
    {
        var pin = Decompiled()[PinmuxState + "/hdr40-pin7"];

        Assert.Equal("soc_gpio59_pac6", pin.String("nvidia,pins"));
        AssertGuardedInputWithPullDown(pin);
    }

    [Fact]
    public void Decompiled_Blob_Configures_Header_Pin_29_As_The_Strobe_Input()
    {
        var pin = Decompiled()[PinmuxState + "/hdr40-pin29"];

        Assert.Equal("soc_gpio32_pq5", pin.String("nvidia,pins"));
        AssertGuardedInputWithPullDown(pin);
    }

    [Fact]
    public void Decompiled_Blob_Keeps_Header_Pins_3_And_5_On_I2c8()
    {
        var tree = Decompiled();
        var sda = tree[PinmuxState + "/hdr40-pin3"];
        var scl = tree[PinmuxState + "/hdr40-pin5"];

        Assert.Equal("gen8_i2c_sda_pdd2", sda.String("nvidia,pins"));
        Assert.Equal("gen8_i2c_scl_pdd1", scl.String("nvidia,pins"));
        Assert.All([sda, scl], pad =>
        {
            Assert.Equal("i2c8", pad.String("nvidia,function"));
            Assert.Equal(0u, pad.Cell("nvidia,tristate"));
            Assert.Equal(0u, pad.Cell("nvidia,pull")); // the carrier has the pull-ups
        });
    }

    [Fact]
    public void Decompiled_Blob_Enables_The_I2c_Controller_Of_Bus_7_At_400_kHz()
    {
        var fragment = Decompiled()["/fragment@1"];
        var bus = Decompiled()["/fragment@1/__overlay__"];

        Assert.Equal(I2cControllerBehindPins3And5, fragment.String("target-path"));
        Assert.Equal("okay", bus.String("status"));
        Assert.Equal(400_000u, bus.Cell("clock-frequency"));
    }

    [Fact]
    public void Pinmux_Fragment_Makes_Its_Pin_State_The_Default_Of_The_Pinmux_Node()
    {
        var tree = Decompiled();
        var overlay = tree["/fragment@0/__overlay__"];
        var state = tree[PinmuxState];

        Assert.Equal("default", overlay.String("pinctrl-names"));
        Assert.Equal(state.Cell("phandle"), overlay.Cell("pinctrl-0"));
        // The target is the board's `pinmux` label, resolved when the overlay is applied.
        Assert.Equal("/fragment@0:target:0", tree["/__fixups__"].String("pinmux"));
    }

    [Fact]
    public void Binds_No_Kernel_Driver_To_The_Imu()
    {
        var tree = Decompiled();

        // A `compatible` below the root is what a driver would claim; 0x68 must stay free for i2c-dev.
        var claimable = tree.Nodes.Where(n => n.Path != "/" && n.Has("compatible")).Select(n => n.Path).ToList();
        Assert.True(claimable.Count == 0, "nodes a kernel driver could bind: " + string.Join(", ", claimable));
        var busChildren = tree.Nodes.Where(n => n.Path.StartsWith("/fragment@1/__overlay__/", StringComparison.Ordinal)).ToList();
        Assert.Empty(busChildren);
    }

    [Fact]
    public void Carries_The_Metadata_Jetson_Io_Lists_Overlays_By()
    {
        var root = Decompiled()["/"];

        Assert.Equal("Jetson 40pin Header", root.String("jetson-header-name"));
        Assert.False(string.IsNullOrWhiteSpace(root.String("overlay-name")));
        var boards = root.Strings("compatible");
        Assert.Contains("nvidia,p3768-0000+p3767-0005", boards); // Orin Nano developer kit
        Assert.Contains("nvidia,p3768-0000+p3767-0000", boards); // Orin NX 16 GB on the same carrier
        Assert.Contains("nvidia,p3768-0000+p3767-0005-super", boards); // JetPack 6.2 Super mode tree
    }

    [Fact]
    public void Applies_With_Fdtoverlay_To_A_Base_Tree_That_Has_The_Pinmux_Label_And_The_I2c_Node()
    {
        var fdtoverlay = ExternalTool.Find("fdtoverlay", "device-tree-compiler");
        Assert.Equal(0, Compile(out var overlay).ExitCode);
        var baseTree = CompileBase(withPinmuxLabel: true);
        var merged = _scratch.File("merged.dtb");

        var apply = fdtoverlay.Run("-i", baseTree, "-o", merged, overlay);

        Assert.True(apply.ExitCode == 0, apply.ToString());
        var tree = Decompile(merged);
        var bus = tree["/bus@0/i2c@c250000"];
        Assert.Equal("okay", bus.String("status"));
        Assert.Equal(400_000u, bus.Cell("clock-frequency"));
        var pinmux = tree["/bus@0/pinmux@2430000"];
        var state = tree["/bus@0/pinmux@2430000/gyroedge-hdr40-pinmux"];
        Assert.Equal(state.Cell("phandle"), pinmux.Cell("pinctrl-0"));
        Assert.Equal("soc_gpio59_pac6", tree["/bus@0/pinmux@2430000/gyroedge-hdr40-pinmux/hdr40-pin7"].String("nvidia,pins"));
    }

    [Fact]
    public void Does_Not_Apply_To_A_Base_Tree_Without_The_Pinmux_Label()
    {
        var fdtoverlay = ExternalTool.Find("fdtoverlay", "device-tree-compiler");
        Assert.Equal(0, Compile(out var overlay).ExitCode);
        var baseTree = CompileBase(withPinmuxLabel: false);

        var apply = fdtoverlay.Run("-i", baseTree, "-o", _scratch.File("merged.dtb"), overlay);

        Assert.NotEqual(0, apply.ExitCode);
    }

    [Theory]
    [InlineData("7", "soc_gpio59_pac6", "144")]
    [InlineData("29", "soc_gpio32_pq5", "105")]
    public void Readme_Pin_Map_Names_The_Pad_And_Line_The_Overlay_Configures(string headerPin, string pad, string line)
    {
        var overlayPad = Decompiled()[PinmuxState + "/hdr40-pin" + headerPin].String("nvidia,pins");
        var row = File.ReadLines(DeploymentFiles.FirmwareReadme).Single(l => l.StartsWith("| " + headerPin + " |", StringComparison.Ordinal));

        Assert.Equal(pad, overlayPad);
        Assert.Contains("`" + pad + "`", row, StringComparison.Ordinal);
        Assert.Contains("line **" + line + "**", row, StringComparison.Ordinal);
    }

    private static void AssertGuardedInputWithPullDown(DeviceTreeNode pin)
    {
        Assert.Equal(1u, pin.Cell("nvidia,enable-input")); // TEGRA_PIN_ENABLE
        Assert.Equal(1u, pin.Cell("nvidia,tristate"));     // output driver off: never drives the source
        Assert.Equal(1u, pin.Cell("nvidia,pull"));         // TEGRA_PIN_PULL_DOWN
    }

    private ToolResult Compile(out string blob)
    {
        blob = _scratch.File("gyroedge-imu-overlay.dtbo");
        return _dtc.Run("-@", "-I", "dts", "-O", "dtb", "-o", blob, DeploymentFiles.ImuOverlaySource);
    }

    private DeviceTreeSource Decompiled()
    {
        var compiled = Compile(out var blob);
        Assert.True(compiled.ExitCode == 0, compiled.ToString());
        return Decompile(blob);
    }

    private DeviceTreeSource Decompile(string blob)
    {
        var decompiled = _dtc.Run("-I", "dtb", "-O", "dts", blob);
        Assert.True(decompiled.ExitCode == 0, decompiled.ToString());
        return DeviceTreeSource.Parse(decompiled.Output);
    }

    /// <summary>
    /// A stand-in for the Orin developer kit's tree with what the overlay relies on: the `pinmux`
    /// label (JetPack's trees are built with symbols, as Jetson-IO needs) and the I2C8 controller
    /// at /bus@0/i2c@c250000.
    /// </summary>
    private string CompileBase(bool withPinmuxLabel)
    {
        var label = withPinmuxLabel ? "pinmux: " : "";
        var source = _scratch.File(withPinmuxLabel ? "base.dts" : "base-unlabelled.dts");
        File.WriteAllText(source, $$"""
            /dts-v1/;
            / {
                compatible = "nvidia,p3768-0000+p3767-0005", "nvidia,p3767-0005", "nvidia,tegra234";
                #address-cells = <2>;
                #size-cells = <2>;
                bus@0 {
                    #address-cells = <1>;
                    #size-cells = <1>;
                    {{label}}pinmux@2430000 {
                        compatible = "nvidia,tegra234-pinmux";
                        reg = <0x2430000 0x19100>;
                    };
                    i2c@c250000 {
                        compatible = "nvidia,tegra194-i2c";
                        reg = <0xc250000 0x100>;
                        status = "disabled";
                        clock-frequency = <100000>;
                    };
                };
            };
            """);
        var blob = Path.ChangeExtension(source, ".dtb");
        var compiled = _dtc.Run("-@", "-I", "dts", "-O", "dtb", "-o", blob, source);
        Assert.True(compiled.ExitCode == 0, compiled.ToString());
        return blob;
    }
}
