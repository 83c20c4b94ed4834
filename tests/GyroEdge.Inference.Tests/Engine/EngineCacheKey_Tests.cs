using GyroEdge.Inference.Engine;

namespace GyroEdge.Inference.Tests.Engine;

public sealed class EngineCacheKey_Tests
{
    private static readonly EngineCacheKey Key = new(new string('a', 64), "1.22.0", "10.3.0", "NVIDIA Jetson AGX Orin", "fp16=1;profile=image:1x3x720x1280");

    public static TheoryData<EngineCacheKey> Changed => new()
    {
        Key with { ModelSha256 = new string('b', 64) },
        Key with { OnnxRuntimeVersion = "1.23.0" },
        Key with { TensorRtVersion = "10.3.1" },
        Key with { TensorRtVersion = "none" },
        Key with { GpuName = "NVIDIA Jetson Orin Nano" },
        Key with { BuildSettings = "fp16=0;profile=image:1x3x720x1280" },
    };

    [Theory]
    [MemberData(nameof(Changed))]
    public void Any_Changed_Part_Gives_Another_Folder(EngineCacheKey changed)
    {
        Assert.NotEqual(Key.DirectoryName, changed.DirectoryName);
    }

    [Fact]
    public void The_Same_Parts_Give_The_Same_Folder_Under_The_Root()
    {
        var again = new EngineCacheKey(new string('a', 64), "1.22.0", "10.3.0", "NVIDIA Jetson AGX Orin", "fp16=1;profile=image:1x3x720x1280");

        Assert.Equal(Key.DirectoryName, again.DirectoryName);
        Assert.Equal(32, Key.DirectoryName.Length);
        Assert.Matches("^[0-9a-f]{32}$", Key.DirectoryName);
        Assert.Equal(Path.Combine("/var/cache/gyroedge/tensorrt", Key.DirectoryName), Key.DirectoryIn("/var/cache/gyroedge/tensorrt"));
    }

    [Fact]
    public void Parts_Cannot_Run_Into_Each_Other()
    {
        // "1.22" + ".0x" and "1.22.0" + "x" must not hash alike: the parts are separated.
        var a = Key with { OnnxRuntimeVersion = "1.22", TensorRtVersion = ".010.3.0" };
        var b = Key with { OnnxRuntimeVersion = "1.22.0", TensorRtVersion = "10.3.0" };

        Assert.NotEqual(a.DirectoryName, b.DirectoryName);
    }

    [Fact]
    public void The_Description_Names_Every_Part()
    {
        var description = Key.Describe();

        Assert.Contains("\"model_sha256\":\"" + new string('a', 64) + "\"", description, StringComparison.Ordinal);
        Assert.Contains("\"onnxruntime\":\"1.22.0\"", description, StringComparison.Ordinal);
        Assert.Contains("\"tensorrt\":\"10.3.0\"", description, StringComparison.Ordinal);
        Assert.Contains("\"gpu\":\"NVIDIA Jetson AGX Orin\"", description, StringComparison.Ordinal);
        Assert.Contains("\"build\":\"fp16=1;profile=image:1x3x720x1280\"", description, StringComparison.Ordinal);
    }
}
