using GyroEdge.Inference.OnnxRuntime;
using GyroEdge.TestSupport;

namespace GyroEdge.Inference.Tests.OnnxRuntime;

public sealed class OrtSessionFailure_Tests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("gyroedge-ort-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private static Dictionary<string, OrtTensorBuffer> Tensors(params (string Name, OrtTensorBuffer Tensor)[] tensors) =>
        tensors.ToDictionary(t => t.Name, t => t.Tensor);

    [Fact]
    public void Throws_When_Model_File_Is_Truncated()
    {
        var whole = File.ReadAllBytes(TrainerFixture.Load("contract_probe").ModelPath);
        var truncated = Path.Combine(scratch, "contract_probe.onnx");
        File.WriteAllBytes(truncated, whole[..(whole.Length / 2)]);

        var error = Assert.Throws<OnnxRuntimeException>(() => OrtEnvironment.Instance.CreateSession(truncated));

        Assert.Equal(OrtErrorCode.InvalidProtobuf, error.Code);
        Assert.Equal("CreateSession", error.Call);
        Assert.Equal(truncated, error.Subject);
        Assert.StartsWith($"ONNX Runtime CreateSession for {truncated} failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("[ORT_INVALID_PROTOBUF]", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a complete ONNX model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Throws_When_Model_Bytes_Are_Truncated_Naming_The_Model()
    {
        var whole = File.ReadAllBytes(TrainerFixture.Load("conv_small").ModelPath);

        var error = Assert.Throws<OnnxRuntimeException>(
            () => OrtEnvironment.Instance.CreateSession(whole.AsSpan(0, whole.Length / 2), modelName: "conv_small from the outbox"));

        Assert.Equal(OrtErrorCode.InvalidProtobuf, error.Code);
        Assert.Contains("CreateSessionFromArray for conv_small from the outbox failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Throws_When_Model_File_Does_Not_Exist()
    {
        var missing = Path.Combine(scratch, "deblur.onnx");

        var error = Assert.Throws<OnnxRuntimeException>(() => OrtEnvironment.Instance.CreateSession(missing));

        Assert.Equal(OrtErrorCode.NoSuchFile, error.Code);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("Check that the path exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_Throws_When_An_Input_Name_Is_Unknown()
    {
        var fixture = TrainerFixture.Load("conv_small");
        using var session = OrtEnvironment.Instance.CreateSession(fixture.ModelPath);
        using var image = new OrtTensorBuffer(1, 3, 32, 48);
        using var output = new OrtTensorBuffer(1, 3, 32, 48);

        var error = Assert.Throws<ArgumentException>(() => session.Bind(Tensors(("img", image)), Tensors(("output", output))));

        Assert.Contains($"Model '{fixture.ModelPath}' has no input named 'img'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Its inputs: image Float[1,3,32,48]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_Throws_When_An_Input_Shape_Differs_From_The_Model()
    {
        using var session = OrtEnvironment.Instance.CreateSession(TrainerFixture.Load("conv_small").ModelPath);
        using var transposed = new OrtTensorBuffer(1, 3, 48, 32);
        using var output = new OrtTensorBuffer(1, 3, 32, 48);

        var error = Assert.Throws<ArgumentException>(() => session.Bind(Tensors(("image", transposed)), Tensors(("output", output))));

        Assert.Contains("input 'image'", error.Message, StringComparison.Ordinal);
        Assert.Contains("is image Float[1,3,32,48], but the tensor bound to it is Float[1,3,48,32]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_Throws_When_An_Input_Is_Missing_Naming_It()
    {
        using var session = OrtEnvironment.Instance.CreateSession(TrainerFixture.Load("contract_probe").ModelPath);
        using var image = new OrtTensorBuffer(1, 3, 64, 96);
        using var sharp = new OrtTensorBuffer(1, 3, 64, 96);

        var error = Assert.Throws<ArgumentException>(() => session.Bind(Tensors(("image", image)), Tensors(("sharp", sharp))));

        Assert.Contains("missing: rotations Float[1,5,3,3]; intrinsics Float[1,3,3]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_Throws_When_No_Output_Or_An_Unknown_Output_Is_Bound()
    {
        using var session = OrtEnvironment.Instance.CreateSession(TrainerFixture.Load("conv_small").ModelPath);
        using var image = new OrtTensorBuffer(1, 3, 32, 48);

        var none = Assert.Throws<ArgumentException>(() => session.Bind(Tensors(("image", image)), Tensors()));
        var unknown = Assert.Throws<ArgumentException>(() => session.Bind(Tensors(("image", image)), Tensors(("sharp", image))));

        Assert.Contains("Bind at least one output", none.Message, StringComparison.Ordinal);
        Assert.Contains("has no output named 'sharp'. Its outputs: output Float[1,3,32,48]", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IoBinding_Rejects_An_Unknown_Input_Name()
    {
        using var session = OrtEnvironment.Instance.CreateSession(TrainerFixture.Load("conv_small").ModelPath);
        using var binding = session.CreateIoBinding();
        using var image = new OrtTensorBuffer(1, 3, 32, 48);

        var error = Assert.Throws<ArgumentException>(() => binding.BindInput("frame", image));

        Assert.Contains("has no input named 'frame'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Reports_A_Dynamic_Output_Whose_Size_Differs_From_The_Computed_One()
    {
        var fixture = TrainerFixture.Load("dynamic_hw");
        using var session = OrtEnvironment.Instance.CreateSession(fixture.ModelPath);
        using var image = new OrtTensorBuffer(1, 3, 24, 40);
        using var tooSmall = new OrtTensorBuffer(1, 3, 10, 10);
        var binding = session.Bind(Tensors(("image", image)), Tensors(("output", tooSmall)));

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run(binding));

        Assert.Equal("Run", error.Call);
        Assert.Contains($"Run for {fixture.ModelPath} failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("{1,3,10,10}", error.Message, StringComparison.Ordinal);
        Assert.Contains("{1,3,24,40}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Throws_When_A_Bound_Tensor_Was_Disposed()
    {
        using var run = new FixtureRun(TrainerFixture.Load("conv_small"));
        run.Inputs["image"].Dispose();

        var error = Assert.Throws<ObjectDisposedException>(run.Run);

        Assert.Contains("Float[1,3,32,48] tensor was disposed while still bound", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Throws_When_The_Session_Was_Disposed()
    {
        var run = new FixtureRun(TrainerFixture.Load("conv_small"));
        run.Dispose();

        Assert.Throws<ObjectDisposedException>(run.Run);
    }

    [Fact]
    public void TensorRT_Either_Runs_The_Model_Or_Fails_Naming_The_Provider()
    {
        var fixture = TrainerFixture.Load("conv_small");
        var options = new OrtSessionOptions();
        options.ExecutionProviders.Add(ExecutionProvider.TensorRt());

        OrtSession session;
        try
        {
            session = OrtEnvironment.Instance.CreateSession(fixture.ModelPath, options);
        }
        catch (ExecutionProviderUnavailableException error)
        {
            // The pinned official x64 build lists TensorRT but ships none of its libraries.
            Assert.Equal("TensorRT", error.Provider);
            Assert.Equal(OrtErrorCode.Fail, error.Code);
            Assert.StartsWith("The TensorRT execution provider could not be added: ", error.Message, StringComparison.Ordinal);
            Assert.Contains("SessionOptionsAppendExecutionProvider_TensorRT_V2 failed with ORT_FAIL", error.Message, StringComparison.Ordinal);
            Assert.Contains("Failed to load", error.NativeMessage, StringComparison.Ordinal);
            Assert.Contains("leave TensorRT out of OrtSessionOptions.ExecutionProviders", error.Message, StringComparison.Ordinal);
            Assert.IsType<OnnxRuntimeException>(error.InnerException);
            return;
        }
        using var run = new FixtureRun(fixture, session);
        run.Run();
        run.AssertOutputsMatchPyTorch();
    }

    [Fact]
    public void CUDA_With_Options_Either_Runs_The_Model_Or_Fails_Naming_The_Provider()
    {
        var fixture = TrainerFixture.Load("conv_small");
        var options = new OrtSessionOptions();
        options.ExecutionProviders.Add(ExecutionProvider.Cuda(new Dictionary<string, string> { ["device_id"] = "0", ["cudnn_conv_algo_search"] = "HEURISTIC" }));

        OrtSession session;
        try
        {
            session = OrtEnvironment.Instance.CreateSession(fixture.ModelPath, options);
        }
        catch (ExecutionProviderUnavailableException error)
        {
            Assert.Equal("CUDA", error.Provider);
            Assert.Equal(OrtErrorCode.Fail, error.Code);
            Assert.StartsWith("The CUDA execution provider could not be added: UpdateCUDAProviderOptions failed with ORT_FAIL", error.Message, StringComparison.Ordinal);
            Assert.Contains("Failed to load", error.NativeMessage, StringComparison.Ordinal);
            return;
        }
        using var run = new FixtureRun(fixture, session);
        run.Run();
        run.AssertOutputsMatchPyTorch();
    }

    [Fact]
    public void Negative_Thread_Counts_Are_Rejected_Naming_The_Option()
    {
        var model = TrainerFixture.Load("conv_small").ModelPath;

        var intra = Assert.Throws<ArgumentOutOfRangeException>(
            () => OrtEnvironment.Instance.CreateSession(model, new OrtSessionOptions { IntraOpThreads = -1 }));
        var inter = Assert.Throws<ArgumentOutOfRangeException>(
            () => OrtEnvironment.Instance.CreateSession(model, new OrtSessionOptions { InterOpThreads = -2 }));

        Assert.Equal("IntraOpThreads", intra.ParamName);
        Assert.Equal("InterOpThreads", inter.ParamName);
    }

    [Fact]
    public void A_Tensor_Buffer_Needs_Every_Dimension_Resolved()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new OrtTensorBuffer(1, 3, -1, 96));

        Assert.Contains("Dimension 2 of [1,3,-1,96] is -1", error.Message, StringComparison.Ordinal);
    }
}
