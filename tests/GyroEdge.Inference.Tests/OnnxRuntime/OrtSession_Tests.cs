using GyroEdge.Inference.OnnxRuntime;
using GyroEdge.TestSupport;

namespace GyroEdge.Inference.Tests.OnnxRuntime;

public class OrtSession_Tests
{
    public static TheoryData<string> FixtureNames => ["conv_small", "contract_probe", "dynamic_hw", "contract_probe_any_size"];

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Output_Matches_PyTorch_Within_The_Fixture_Tolerance(string name)
    {
        using var run = new FixtureRun(TrainerFixture.Load(name));

        run.Run();

        run.AssertOutputsMatchPyTorch();
    }

    [Theory]
    [InlineData(OrtGraphOptimizationLevel.DisableAll)]
    [InlineData(OrtGraphOptimizationLevel.Basic)]
    [InlineData(OrtGraphOptimizationLevel.Extended)]
    [InlineData(OrtGraphOptimizationLevel.All)]
    public void Every_Graph_Optimization_Level_Gives_PyTorch_Output(OrtGraphOptimizationLevel level)
    {
        var options = new OrtSessionOptions { GraphOptimizationLevel = level, IntraOpThreads = 1, InterOpThreads = 1 };
        using var run = new FixtureRun(TrainerFixture.Load("contract_probe"), options);

        run.Run();

        run.AssertOutputsMatchPyTorch();
    }

    [Fact]
    public void Contract_Probe_Declares_The_Model_Contract()
    {
        using var session = OrtEnvironment.Instance.CreateSession(TrainerFixture.Load("contract_probe").ModelPath);

        Assert.Equal(["image", "rotations", "intrinsics"], session.Inputs.Select(i => i.Name));
        Assert.Equal([1L, 3, 64, 96], session.Inputs[0].Shape);
        Assert.Equal([1L, 5, 3, 3], session.Inputs[1].Shape);
        Assert.Equal([1L, 3, 3], session.Inputs[2].Shape);
        Assert.All(session.Inputs, i => Assert.Equal(OrtElementType.Float, i.ElementType));
        var output = Assert.Single(session.Outputs);
        Assert.Equal("sharp", output.Name);
        Assert.Equal([1L, 3, 64, 96], output.Shape);
        Assert.False(output.HasDynamicDimensions);
    }

    [Fact]
    public void Dynamic_Height_And_Width_Are_Reported_As_Minus_One()
    {
        using var session = OrtEnvironment.Instance.CreateSession(TrainerFixture.Load("dynamic_hw").ModelPath);

        var input = Assert.Single(session.Inputs);
        var output = Assert.Single(session.Outputs);
        Assert.Equal([1L, 3, -1, -1], input.Shape);
        Assert.Equal([1L, 3, -1, -1], output.Shape);
        Assert.True(input.HasDynamicDimensions);
        Assert.Equal("image Float[1,3,-1,-1]", input.ToString());
    }

    [Fact]
    public void A_Dynamic_Model_Runs_At_A_Second_Size_With_A_Second_Binding()
    {
        var fixture = TrainerFixture.Load("dynamic_hw");
        using var run = new FixtureRun(fixture);
        using var wideInput = new OrtTensorBuffer(1, 3, 16, 72);
        using var wideOutput = new OrtTensorBuffer(1, 3, 16, 72);
        wideInput.Span.Fill(0.5f);
        var wide = run.Session.Bind(new Dictionary<string, OrtTensorBuffer> { ["image"] = wideInput }, new Dictionary<string, OrtTensorBuffer> { ["output"] = wideOutput });

        run.Session.Run(wide);
        run.Run();

        run.AssertOutputsMatchPyTorch();
        // A constant image through convolutions gives a constant interior: ORT wrote this buffer.
        var interior = wideOutput.Span[(8 * 72) + 36];
        Assert.NotEqual(0f, interior);
        Assert.Equal(interior, wideOutput.Span[(8 * 72) + 37], 5);
    }

    [Fact]
    public void Each_Run_Reads_The_Input_Buffers_Again()
    {
        using var run = new FixtureRun(TrainerFixture.Load("conv_small"));
        run.Run();
        var first = run.Outputs["output"].Span.ToArray();

        run.Inputs["image"].Span.Clear();
        run.Run();

        var second = run.Outputs["output"].Span.ToArray();
        Assert.NotEqual(first, second);
        // With a black image only the biases remain: the centre of each channel plane is constant.
        Assert.Equal(second[(16 * 48) + 20], second[(16 * 48) + 21], 6);
    }

    [Fact]
    public void A_Session_From_Bytes_Gives_The_Same_Output_As_From_The_Path()
    {
        var fixture = TrainerFixture.Load("contract_probe");
        using var fromPath = new FixtureRun(fixture);
        using var fromBytes = new FixtureRun(fixture, OrtEnvironment.Instance.CreateSession(File.ReadAllBytes(fixture.ModelPath), modelName: "probe bytes"));

        fromPath.Run();
        fromBytes.Run();

        Assert.Equal("probe bytes", fromBytes.Session.ModelName);
        Assert.Equal(fromPath.Outputs["sharp"].Span.ToArray(), fromBytes.Outputs["sharp"].Span.ToArray());
        fromBytes.AssertOutputsMatchPyTorch();
    }

    [Fact]
    public void IoBinding_Gives_The_Same_Output_As_Run()
    {
        var fixture = TrainerFixture.Load("contract_probe");
        using var run = new FixtureRun(fixture);
        run.Run();
        using var ioOutput = new OrtTensorBuffer(1, 3, 64, 96);
        using var binding = run.Session.CreateIoBinding();
        foreach (var (name, tensor) in run.Inputs)
            binding.BindInput(name, tensor);
        binding.BindOutput("sharp", ioOutput);

        run.Session.Run(binding);

        Assert.Equal(run.Outputs["sharp"].Span.ToArray(), ioOutput.Span.ToArray());
        FixtureRun.AssertClose(fixture.Outputs[0], ioOutput.Span, fixture.AbsoluteTolerance);
    }

    [Fact]
    public void Run_Allocates_No_Managed_Memory_After_Warm_Up()
    {
        using var run = new FixtureRun(TrainerFixture.Load("contract_probe"));
        for (var i = 0; i < 3; i++)
            run.Run();

        var allocated = Allocations.FewestBytesPerRound(() =>
        {
            for (var i = 0; i < 20; i++)
                run.Session.Run(run.Binding);
        });

        Assert.Equal(0, allocated);
        run.AssertOutputsMatchPyTorch();
    }

    [Fact]
    public void Run_With_IoBinding_Allocates_No_Managed_Memory_After_Warm_Up()
    {
        using var run = new FixtureRun(TrainerFixture.Load("conv_small"));
        using var binding = run.Session.CreateIoBinding();
        binding.BindInput("image", run.Inputs["image"]);
        binding.BindOutput("output", run.Outputs["output"]);
        for (var i = 0; i < 3; i++)
            run.Session.Run(binding);

        var allocated = Allocations.FewestBytesPerRound(() =>
        {
            for (var i = 0; i < 20; i++)
                run.Session.Run(binding);
        });

        Assert.Equal(0, allocated);
        run.AssertOutputsMatchPyTorch();
    }

    [Fact]
    public void Session_Configuration_Entries_Reach_OnnxRuntime()
    {
        // "session.load_model_format" = "ORT" makes ORT parse the file as its own flatbuffer
        // format: an .onnx file then fails to load, which only happens if the entry arrived.
        var model = TrainerFixture.Load("conv_small").ModelPath;
        var options = new OrtSessionOptions();
        options.ConfigEntries["session.load_model_format"] = "ORT";

        var error = Assert.ThrowsAny<OnnxRuntimeException>(() => OrtEnvironment.Instance.CreateSession(model, options));

        Assert.Contains(model, error.Message, StringComparison.Ordinal);
        using var plain = OrtEnvironment.Instance.CreateSession(model);
        Assert.Single(plain.Inputs);
    }
}
