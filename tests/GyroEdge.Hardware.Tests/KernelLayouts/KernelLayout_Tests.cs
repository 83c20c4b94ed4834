using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using GyroEdge.Hardware.Linux.Interop;

namespace GyroEdge.Hardware.Tests.KernelLayouts;

/// <summary>
/// The C# mirror of the kernel's structs, ioctl numbers and constants against the kernel
/// headers themselves. A mismatch here means the kernel would read or write the wrong bytes,
/// so every fact is compared and every mismatch is listed at once.
/// </summary>
public sealed class KernelLayout_Tests(KernelLayoutFacts facts) : IClassFixture<KernelLayoutFacts>
{
    private static readonly Assembly Bindings = typeof(LibC).Assembly;
    private static readonly string InteropNamespace = typeof(LibC).Namespace!;

    /// <summary>Where the C# side declares ioctl numbers and header constants, under their C names.</summary>
    private static readonly Type[] ConstantHolders = [typeof(LibC), typeof(I2cAbi), typeof(GpioAbi), typeof(V4l2Abi)];

    /// <summary>C#-side values with no header macro behind them, and why.</summary>
    private static readonly Dictionary<string, string> NotInHeaders = new(StringComparer.Ordinal)
    {
        [nameof(I2cAbi.MaxMessageLength)] = "8192 is a limit in drivers/i2c/i2c-dev.c, not in a uapi header",
        [nameof(LibC.MAP_FAILED)] = "(void *)-1 is a pointer, not an integer constant gcc can print as one",
    };

    [Fact]
    public void Every_Struct_Size_Matches_The_Kernel_Headers()
    {
        var mismatches = new List<string>();
        foreach (var fact in facts.OfKind("sizeof"))
        {
            var type = Struct(fact.Name);
            if (type is null)
            {
                mismatches.Add($"{fact}: no C# struct {InteropNamespace}.{fact.Name}");
                continue;
            }
            var managed = (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;
            var marshalled = Marshal.SizeOf(type);
            if ((ulong)managed != fact.Value || (ulong)marshalled != fact.Value)
                mismatches.Add($"sizeof {fact.Name}: headers {fact.Value}, C# Unsafe.SizeOf {managed}, Marshal.SizeOf {marshalled}");
        }
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public void Every_Field_Offset_Matches_The_Kernel_Headers()
    {
        var mismatches = new List<string>();
        foreach (var fact in facts.OfKind("offsetof"))
        {
            var path = fact.Name.Split('.');
            var type = Struct(path[0]);
            var offset = type is null ? null : Offset(type, path.AsSpan(1));
            if (offset is null)
                mismatches.Add($"{fact}: no C# field {fact.Name}");
            else if ((ulong)offset.Value != fact.Value)
                mismatches.Add($"offsetof {fact.Name}: headers {fact.Value}, C# {offset}");
        }
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public void Every_Ioctl_Number_Matches_The_Kernel_Headers()
    {
        var mismatches = CompareConstants(facts.OfKind("ioctl"));
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public void Every_Flag_And_Constant_Matches_The_Kernel_Headers()
    {
        var mismatches = CompareConstants(facts.OfKind("const"));
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public void Every_Ioctl_Number_And_Constant_In_The_Bindings_Is_Checked_Against_The_Headers()
    {
        var printed = facts.All.Where(f => f.Kind is "ioctl" or "const").Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var unchecked_ = ConstantHolders
            .SelectMany(holder => holder.GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (holder, field)))
            .Where(x => !printed.Contains(x.field.Name) && !NotInHeaders.ContainsKey(x.field.Name))
            .Select(x => $"{x.holder.Name}.{x.field.Name} is not printed by kernel_layouts.c")
            .ToList();
        Assert.True(unchecked_.Count == 0, string.Join(Environment.NewLine, unchecked_));
    }

    [Fact]
    public void Every_Struct_The_Bindings_Hand_To_The_Kernel_Is_Checked_Against_The_Headers()
    {
        var sized = facts.OfKind("sizeof").Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        string[] required =
        [
            "i2c_msg", "i2c_rdwr_ioctl_data",
            "gpiochip_info", "gpio_v2_line_attribute", "gpio_v2_line_config_attribute", "gpio_v2_line_config",
            "gpio_v2_line_request", "gpio_v2_line_info", "gpio_v2_line_event",
            "v4l2_capability", "v4l2_fmtdesc", "v4l2_pix_format", "v4l2_format", "v4l2_requestbuffers", "v4l2_buffer",
            "pollfd", "timeval",
        ];
        var missing = required.Where(name => !sized.Contains(name)).ToList();
        Assert.True(missing.Count == 0, "kernel_layouts.c does not print: " + string.Join(", ", missing));

        // Every struct in Interop/ is either printed itself or is a union/array nested in one that is
        // (those have no C name; their offsets and the enclosing size pin them down).
        var nested = sized.Select(Struct).OfType<Type>()
            .SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(f => f.FieldType)
            .ToHashSet();
        var unchecked_ = Bindings.GetTypes()
            .Where(t => t.Namespace == InteropNamespace && t.IsValueType && !t.IsEnum && !t.IsNested)
            .Where(t => !sized.Contains(t.Name) && !nested.Contains(t))
            .Select(t => t.Name)
            .ToList();
        Assert.Empty(unchecked_);
    }

    [Fact]
    public void Fails_With_The_Install_Command_When_Gcc_Is_Missing()
    {
        var empty = Directory.CreateTempSubdirectory("gyroedge-no-gcc-");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => KernelLayoutFacts.FindCompiler(empty.FullName));
            Assert.Equal("gcc is required for the kernel layout check: sudo apt-get install gcc libc6-dev linux-libc-dev", error.Message);
        }
        finally
        {
            empty.Delete();
        }
    }

    private static Type? Struct(string cName) => Bindings.GetType($"{InteropNamespace}.{cName}");

    /// <summary>
    /// The offset of a (nested) field, summing Marshal.OffsetOf along the path. A C member of an
    /// anonymous union lives in the C# field u (gpio_v2_line_attribute.flags is u.flags).
    /// </summary>
    private static int? Offset(Type type, ReadOnlySpan<string> path)
    {
        if (path.IsEmpty)
            return 0;
        const BindingFlags instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var field = type.GetField(path[0], instance);
        if (field is not null)
            return Marshal.OffsetOf(type, field.Name).ToInt32() + Offset(field.FieldType, path[1..]);

        var anonymousUnion = type.GetField("u", instance);
        return anonymousUnion is null
            ? null
            : Marshal.OffsetOf(type, anonymousUnion.Name).ToInt32() + Offset(anonymousUnion.FieldType, path);
    }

    private static List<string> CompareConstants(IEnumerable<KernelFact> expected)
    {
        var mismatches = new List<string>();
        foreach (var fact in expected)
        {
            var field = ConstantHolders.Select(h => h.GetField(fact.Name, BindingFlags.Public | BindingFlags.Static)).FirstOrDefault(f => f is not null);
            if (field is null)
            {
                mismatches.Add($"{fact.Kind} {fact.Name}: not declared in {string.Join(", ", ConstantHolders.Select(h => h.Name))}");
                continue;
            }
            var value = field.GetValue(null) switch
            {
                ulong u => u,
                var other => Convert.ToUInt64(other, System.Globalization.CultureInfo.InvariantCulture),
            };
            if (value != fact.Value)
                mismatches.Add($"{fact.Kind} {fact.Name}: headers 0x{fact.Value:X}, C# 0x{value:X}");
        }
        return mismatches;
    }
}
