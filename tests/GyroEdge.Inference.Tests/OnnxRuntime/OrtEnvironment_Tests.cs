using GyroEdge.Inference.OnnxRuntime;

namespace GyroEdge.Inference.Tests.OnnxRuntime;

public class OrtEnvironment_Tests
{
    [Fact]
    public void There_Is_One_Environment_Per_Process()
    {
        var first = OrtEnvironment.Instance;

        Assert.Same(first, OrtEnvironment.Instance);
        Assert.Same(first, OrtEnvironment.Initialize(first.LogSeverity));
    }

    [Fact]
    public void Initializing_Again_With_Another_Log_Severity_Fails_Naming_Both()
    {
        var current = OrtEnvironment.Instance.LogSeverity;
        var other = current == OrtLogSeverity.Error ? OrtLogSeverity.Fatal : OrtLogSeverity.Error;

        var error = Assert.Throws<InvalidOperationException>(() => OrtEnvironment.Initialize(other));

        Assert.Contains($"already exists with log severity {current}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"cannot be recreated with {other}", error.Message, StringComparison.Ordinal);
        Assert.Equal(current, OrtEnvironment.Instance.LogSeverity);
    }
}
