using GyroEdge.Inference.OnnxRuntime;
using GyroEdge.TestSupport;

namespace GyroEdge.Inference.Tests.OnnxRuntime;

/// <summary>A trainer fixture loaded into a session, with tensors bound for its inputs and outputs.</summary>
internal sealed class FixtureRun : IDisposable
{
    public FixtureRun(TrainerFixture fixture, OrtSessionOptions? options = null)
        : this(fixture, OrtEnvironment.Instance.CreateSession(fixture.ModelPath, options))
    {
    }

    public FixtureRun(TrainerFixture fixture, OrtSession session)
    {
        Fixture = fixture;
        Session = session;
        Inputs = fixture.Inputs.ToDictionary(t => t.Name, t => Filled(t));
        Outputs = fixture.Outputs.ToDictionary(t => t.Name, t => new OrtTensorBuffer(t.Shape));
        Binding = session.Bind(Inputs, Outputs);
    }

    public TrainerFixture Fixture { get; }
    public OrtSession Session { get; }
    public Dictionary<string, OrtTensorBuffer> Inputs { get; }
    public Dictionary<string, OrtTensorBuffer> Outputs { get; }
    public OrtRunBinding Binding { get; }

    public void Run() => Session.Run(Binding);

    public static OrtTensorBuffer Filled(FixtureTensor tensor)
    {
        var buffer = new OrtTensorBuffer(tensor.Shape);
        tensor.Values.CopyTo(buffer.Span);
        return buffer;
    }

    /// <summary>Asserts every element of every output is within the fixture's tolerance of PyTorch's.</summary>
    public void AssertOutputsMatchPyTorch()
    {
        foreach (var expected in Fixture.Outputs)
            AssertClose(expected, Outputs[expected.Name].Span, Fixture.AbsoluteTolerance);
    }

    public static void AssertClose(FixtureTensor expected, ReadOnlySpan<float> actual, double tolerance)
    {
        Assert.Equal(expected.Values.Length, actual.Length);
        var worst = 0;
        var worstDifference = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            var difference = Math.Abs((double)actual[i] - expected.Values[i]);
            if (!(difference <= worstDifference))
            {
                worst = i;
                worstDifference = difference;
            }
        }
        Assert.True(
            worstDifference <= tolerance,
            $"{expected.Name}[{worst}] = {actual[worst]}, PyTorch gave {expected.Values[worst]}: differs by {worstDifference:G3} > atol {tolerance:G3}");
    }

    public void Dispose()
    {
        foreach (var tensor in Inputs.Values.Concat(Outputs.Values))
            tensor.Dispose();
        Session.Dispose();
    }
}
