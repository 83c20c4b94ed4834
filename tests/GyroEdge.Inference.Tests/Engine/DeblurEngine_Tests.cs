using System.Text.Json.Nodes;
using GyroEdge.Domain.Gyro;
using GyroEdge.Imaging.Pixels;
using GyroEdge.Inference.Engine;
using GyroEdge.Inference.Models;
using GyroEdge.Inference.OnnxRuntime;
using GyroEdge.Inference.Tests.Models;
using GyroEdge.TestSupport;
using static GyroEdge.Inference.Tests.Engine.EngineFixtures;

namespace GyroEdge.Inference.Tests.Engine;

/// <summary>
/// The engine on the real ONNX Runtime with the probe packages the trainer exported. Outputs are
/// compared with PyTorch's for the same 8-bit frame, or with ORT run directly on inputs the test
/// builds itself.
/// </summary>
public sealed class DeblurEngine_Tests : IDisposable
{
    private readonly ProbePackages packages = new();

    public void Dispose() => packages.Dispose();

    private DeblurEngine Twins(EngineOptions? options = null, IEngineStatus? status = null) =>
        DeblurEngine.Create(options ?? Options(packages.Scratch), Gyro, Blind, status);

    [Fact]
    public void Falls_Back_From_TensorRt_And_Cuda_To_The_Cpu_And_Says_Why()
    {
        // The official x64 build lists TensorRT and CUDA but cannot load them (docs/reference/onnxruntime.md).
        var status = new RecordingStatus();

        using var engine = Twins(status: status);

        Assert.Equal("CPU", engine.Provider);
        Assert.Equal(2, engine.ProviderFallbacks.Count);
        Assert.StartsWith("TensorRT unavailable (", engine.ProviderFallbacks[0], StringComparison.Ordinal);
        Assert.StartsWith("CUDA unavailable (", engine.ProviderFallbacks[1], StringComparison.Ordinal);
        Assert.Contains("Failed to load library", engine.ProviderFallbacks[0], StringComparison.Ordinal);
        Assert.DoesNotContain("[ONNXRuntimeError]", engine.ProviderFallbacks[0], StringComparison.Ordinal);
        var summary = status.Reports[^1];
        Assert.Equal(EngineStatusLevel.Warning, summary.Level);
        Assert.StartsWith("TensorRT unavailable (", summary.Message, StringComparison.Ordinal);
        Assert.Contains("), CUDA unavailable (", summary.Message, StringComparison.Ordinal);
        Assert.Contains("), running on CPU: contract_probe_gyro on CPU and contract_probe_blind on CPU", summary.Message, StringComparison.Ordinal);
        // Each provider is tried once for both models, and the engine cache folder made for the
        // TensorRT attempt is not left behind empty.
        Assert.Single(status.Reports, r => r.Message.StartsWith("TensorRT unavailable (", StringComparison.Ordinal) && r.Message.EndsWith(')'));
        Assert.Contains(status.Reports, r => r.Message.StartsWith("building or loading the TensorRT engine for contract_probe_gyro at 96x64", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(packages.Scratch, "tensorrt")));
    }

    [Fact]
    public void Runs_On_The_Cpu_Without_Warnings_When_The_Gpu_Providers_Are_Off()
    {
        var options = Options(packages.Scratch);
        options.TensorRt.Enabled = false;
        options.Cuda.Enabled = false;
        var status = new RecordingStatus();

        using var engine = Twins(options, status);

        Assert.Equal("CPU", engine.Provider);
        Assert.Empty(engine.ProviderFallbacks);
        Assert.DoesNotContain(status.Reports, r => r.Level == EngineStatusLevel.Warning);
        Assert.Contains(status.Reports, r => r.Message == "warming up contract_probe_blind on CPU at 96x64 padded to 96x64");
        Assert.False(Directory.Exists(Path.Combine(packages.Scratch, "tensorrt")));
    }

    [Theory]
    [InlineData(GyroQuality.Good)]
    [InlineData(GyroQuality.Degraded)]
    public void A_Frame_With_Gyro_Runs_The_Gyro_Model_As_PyTorch_Does(GyroQuality quality)
    {
        var fixture = GyroFixture;
        var frame = Rgb24(fixture.Inputs[0].Values, Width, Height);
        var output = new byte[frame.Length];
        using var engine = Twins();

        var result = engine.Process(new FrameView(frame, Width, Height, PixelFormat.Rgb24), Motion(fixture), quality, output);

        Assert.Equal((ModelKind.Gyro, "contract_probe_gyro", "CPU", quality), (result.Model, result.ModelName, result.Provider, result.Quality));
        AssertWithinOneLevel(ExpectedRgb24(fixture.Outputs[0].Values, Width, Height), output);
    }

    [Fact]
    public void A_Frame_Without_Gyro_Runs_The_Blind_Twin_As_PyTorch_Does()
    {
        var fixture = BlindFixture;
        var frame = Rgb24(fixture.Inputs[0].Values, Width, Height);
        var output = new byte[frame.Length];
        using var engine = Twins();

        var result = engine.Process(new FrameView(frame, Width, Height, PixelFormat.Rgb24), motion: null, GyroQuality.None, output);

        Assert.Equal((ModelKind.Blind, "contract_probe_blind"), (result.Model, result.ModelName));
        AssertWithinOneLevel(ExpectedRgb24(fixture.Outputs[0].Values, Width, Height), output);
    }

    [Fact]
    public void The_Gyro_Output_Depends_On_The_Motion_Given()
    {
        var fixture = GyroFixture;
        var frame = Rgb24(fixture.Inputs[0].Values, Width, Height);
        var moved = new byte[frame.Length];
        var still = new byte[frame.Length];
        using var engine = Twins();

        engine.Process(new FrameView(frame, Width, Height, PixelFormat.Rgb24), Motion(fixture), GyroQuality.Good, moved);
        engine.Process(new FrameView(frame, Width, Height, PixelFormat.Rgb24), Still(5, Width, Height), GyroQuality.Good, still);

        var differing = moved.Zip(still).Count(p => Math.Abs(p.First - p.Second) > 8);
        Assert.True(differing > moved.Length / 4, $"only {differing} of {moved.Length} bytes changed with the motion");
    }

    [Fact]
    public void Pads_A_Frame_To_Align_By_Repeating_Its_Edges_And_Crops_The_Output()
    {
        // 90x60 is not a multiple of align 8: the model runs at 96x64. The reference pads by hand
        // and runs ONNX Runtime directly on the padded image.
        const int width = 90, height = 60;
        var source = BlindFixture.Inputs[0].Values;
        var frame = new byte[width * height * 3];
        var padded = new float[3 * Width * Height];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    var (sx, sy) = (Math.Min(x, width - 1), Math.Min(y, height - 1));
                    var value = source[(c * Width * Height) + (sy * Width) + sx];
                    padded[(c * Width * Height) + (y * Width) + x] = value;
                    if (x < width && y < height)
                        frame[(3 * ((y * width) + x)) + c] = (byte)Math.Round(value * 255.0);
                }
            }
        }
        using var session = OrtEnvironment.Instance.CreateSession(ProbePackages.BlindModel);
        using var image = new OrtTensorBuffer(1, 3, Height, Width);
        using var sharp = new OrtTensorBuffer(1, 3, Height, Width);
        padded.CopyTo(image.Span);
        session.Run(session.Bind(new Dictionary<string, OrtTensorBuffer> { ["image"] = image }, new Dictionary<string, OrtTensorBuffer> { ["sharp"] = sharp }));
        var whole = ExpectedRgb24(sharp.Span.ToArray(), Width, Height);
        var expected = new byte[frame.Length];
        for (var y = 0; y < height; y++)
            whole.AsSpan(y * Width * 3, width * 3).CopyTo(expected.AsSpan(y * width * 3));
        var output = new byte[frame.Length];
        using var engine = Twins(Options(packages.Scratch, width, height));

        engine.Process(new FrameView(frame, width, height, PixelFormat.Rgb24), null, GyroQuality.None, output);

        Assert.Equal((96, 64), (engine.GeometryFor(GyroQuality.None).ModelWidth, engine.GeometryFor(GyroQuality.None).ModelHeight));
        AssertWithinOneLevel(expected, output);
    }

    /// <summary>
    /// Whether pixel (x, y) of a frame is at least <paramref name="margin"/> pixels inside the
    /// top and left edges and the bottom and right ones. The probe's sharpening kernel sums to 1,
    /// so a uniform frame comes out unchanged, except along the model image's edges, where its
    /// zero padding darkens or brightens (those are the frame's top and left edges when padding,
    /// and every edge, spread by the resize, when resizing).
    /// </summary>
    private static bool Inside(int x, int y, int width, int height, int margin) =>
        x >= margin && y >= margin && x < width - margin && y < height - margin;

    [Fact]
    public void A_Yuyv_Frame_Comes_Back_As_Rgb24_Or_As_Yuyv()
    {
        // Uniform mid-grey, Y' 126: (126 - 16) / 219 = 0.50228, 128.08 as a level. Padding
        // extends the frame right and down, so only its top and left edges meet the zero padding.
        const int width = 90, height = 60;
        var yuyv = new byte[width * height * 2];
        for (var i = 0; i < yuyv.Length; i += 2)
            (yuyv[i], yuyv[i + 1]) = (126, 128);
        var rgb = new byte[width * height * 3];
        var back = new byte[yuyv.Length];
        using var engine = Twins(Options(packages.Scratch, width, height));

        engine.Process(new FrameView(yuyv, width, height, PixelFormat.Yuyv), Still(5, width, height), GyroQuality.Good, rgb, PixelFormat.Rgb24);
        engine.Process(new FrameView(yuyv, width, height, PixelFormat.Yuyv), null, GyroQuality.None, back);

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (x == 0 || y == 0)
                    continue;
                Assert.Equal([128, 128, 128], rgb.AsSpan(3 * ((y * width) + x), 3).ToArray());
                Assert.Equal([126, 128], back.AsSpan(2 * ((y * width) + x), 2).ToArray());
            }
        }
        Assert.Equal(255, rgb[0]); // the corner: 5c - 2c clamps, which shows the output really came from the model
    }

    [Fact]
    public void Resize_Mode_Runs_At_The_Configured_Size_And_Returns_The_Frame_Size()
    {
        // A uniform colour survives a resize both ways, identity rotations and the probe unchanged.
        const int width = 120, height = 80;
        var frame = new byte[width * height * 3];
        for (var i = 0; i < frame.Length; i += 3)
            (frame[i], frame[i + 1], frame[i + 2]) = (200, 100, 50);
        var output = new byte[frame.Length];
        var options = Options(packages.Scratch, width, height);
        options.Fit = FrameFit.Resize;
        options.ResizeWidth = 64;
        options.ResizeHeight = 40;
        using var engine = Twins(options);

        engine.Process(new FrameView(frame, width, height, PixelFormat.Rgb24), Still(5, width, height), GyroQuality.Good, output);

        Assert.Equal("120x80 resized to 64x40", engine.GeometryFor(GyroQuality.Good).ToString());
        for (var i = 0; i < output.Length; i++)
        {
            var pixel = i / 3;
            if (Inside(pixel % width, pixel / width, width, height, margin: 3))
                Assert.InRange(output[i] - frame[i], -1, 1);
        }
        Assert.NotEqual(frame[0], output[0]);
    }

    [Fact]
    public void Processing_A_Frame_Allocates_Nothing()
    {
        const int width = 90, height = 60;
        var frame = new byte[width * height * 2];
        new Random(5).NextBytes(frame);
        var output = new byte[width * height * 3];
        var motion = Still(5, width, height);
        using var padded = Twins(Options(packages.Scratch, width, height));
        var resizeOptions = Options(packages.Scratch, width, height);
        resizeOptions.Fit = FrameFit.Resize;
        using var resized = Twins(resizeOptions);
        var engines = new[] { padded, resized };
        void Frames()
        {
            foreach (var engine in engines)
            {
                engine.Process(new FrameView(frame, width, height, PixelFormat.Yuyv), motion, GyroQuality.Good, output, PixelFormat.Rgb24);
                engine.Process(new FrameView(frame, width, height, PixelFormat.Yuyv), null, GyroQuality.None, output, PixelFormat.Rgb24);
            }
        }
        for (var i = 0; i < 50; i++)
            Frames();

        var fewest = Allocations.FewestBytesPerRound(() =>
        {
            for (var i = 0; i < 10; i++)
                Frames();
        });

        Assert.Equal(0, fewest);
    }

    [Fact]
    public void Refuses_A_Frame_Of_Another_Size()
    {
        using var engine = Twins();

        var error = Assert.Throws<ArgumentException>(() => engine.Process(new FrameView(new byte[64 * 48 * 3], 64, 48, PixelFormat.Rgb24), null, GyroQuality.None, new byte[64 * 48 * 3]));

        Assert.Contains("The engine was started for 96x64 frames and this one is 64x48", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_An_Output_Buffer_Too_Small_For_Its_Format()
    {
        using var engine = Twins();

        var error = Assert.Throws<ArgumentException>(() => engine.Process(new FrameView(new byte[Width * Height * 2], Width, Height, PixelFormat.Yuyv), null, GyroQuality.None, new byte[Width * Height * 2], PixelFormat.Rgb24));

        Assert.Contains($"needs {Width * Height * 3} bytes; the buffer has {Width * Height * 2}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_A_Gyro_Frame_Without_Motion_Or_With_Another_M()
    {
        using var engine = Twins();
        var frame = new byte[Width * Height * 3];

        var missing = Assert.Throws<ArgumentException>(() => engine.Process(new FrameView(frame, Width, Height, PixelFormat.Rgb24), null, GyroQuality.Degraded, frame));
        var wrongM = Assert.Throws<ArgumentException>(() => engine.Process(new FrameView(frame, Width, Height, PixelFormat.Rgb24), Still(3, Width, Height), GyroQuality.Good, frame));

        Assert.Contains("A frame with Degraded gyro runs the gyro model contract_probe_gyro, which needs the frame's motion", missing.Message, StringComparison.Ordinal);
        Assert.Contains("takes M = 5 rotations (45 floats); the frame's motion has 27 floats", wrongM.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Engine_Of_One_Model_Refuses_Frames_For_The_Other()
    {
        using var blindOnly = DeblurEngine.Create(Options(packages.Scratch), Blind);
        using var gyroOnly = DeblurEngine.Create(Options(packages.Scratch), Gyro);
        var frame = new byte[Width * Height * 3];

        var gyroFrame = Assert.Throws<InvalidOperationException>(() => blindOnly.Process(new FrameView(frame, Width, Height, PixelFormat.Rgb24), Still(5, Width, Height), GyroQuality.Good, frame));
        var blindFrame = Assert.Throws<InvalidOperationException>(() => gyroOnly.Process(new FrameView(frame, Width, Height, PixelFormat.Rgb24), null, GyroQuality.None, frame));

        Assert.Contains("this engine runs only the blind model contract_probe_blind", gyroFrame.Message, StringComparison.Ordinal);
        Assert.Contains("this engine runs only contract_probe_gyro: create it with the model's blind twin", blindFrame.Message, StringComparison.Ordinal);
        Assert.Null(blindOnly.GyroModel);
        Assert.Equal("contract_probe_gyro", gyroOnly.GyroModel!.Name);
    }

    [Fact]
    public void Refuses_Models_That_Are_Not_Each_Others_Twin()
    {
        var stranger = ModelPackage.Load(packages.Copy(ProbePackages.BlindName, m => m["name"] = "stranger", copyName: "stranger"));

        var error = Assert.Throws<ModelPackageException>(() => DeblurEngine.Create(Options(packages.Scratch), Gyro, stranger));

        Assert.Contains("names its twin \"contract_probe_blind\", but the blind model given is \"stranger\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("Give the engine a gyro model and the blind twin its manifest names", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_A_Model_That_Needs_A_Newer_Onnx_Runtime()
    {
        var future = ModelPackage.Load(packages.Copy(ProbePackages.BlindName, m => m["min_onnxruntime"] = "99.0.0"));

        var error = Assert.Throws<ModelPackageException>(() => DeblurEngine.Create(Options(packages.Scratch), future));

        Assert.Contains($"min_onnxruntime: the model needs ONNX Runtime 99.0.0 or newer, the loaded library is {OnnxRuntimeLibrary.Version}", error.Message, StringComparison.Ordinal);
        Assert.Contains("GYROEDGE_ORT_LIBRARY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_A_Manifest_Whose_Shapes_Differ_From_What_The_File_Declares()
    {
        // Consistent in itself (M = 7 everywhere), but the exported graph takes 5 rotations.
        var package = ModelPackage.Load(packages.Copy(ProbePackages.GyroName, m =>
        {
            m["rotation_count"] = 7;
            m["inputs"]![1]!["shape"] = new JsonArray(1, 7, 3, 3);
        }));

        var error = Assert.Throws<ModelPackageException>(() => DeblurEngine.Create(Options(packages.Scratch), package));

        Assert.Contains("rotations: the manifest declares rotations float32[1,7,3,3], the model file has float32[1,5,3,3]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Fixed_Size_Model_Pads_Smaller_Frames_And_Must_Resize_Larger_Ones()
    {
        // contract_probe takes exactly 96x64; a manifest for it says so.
        var bytes = File.ReadAllBytes(TrainerFixture.Load("contract_probe").ModelPath);
        var package = ModelPackage.Load(packages.Copy(ProbePackages.GyroName, m =>
        {
            m["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            m["inputs"]![0]!["shape"] = new JsonArray(1, 3, 64, 96);
            m["outputs"]![0]!["shape"] = new JsonArray(1, 3, 64, 96);
        }, copyName: "fixed", modelBytes: bytes));

        var larger = Assert.Throws<ArgumentException>(() => DeblurEngine.Create(Options(packages.Scratch, 128, 96), package));
        using var smaller = DeblurEngine.Create(Options(packages.Scratch, 80, 48), package);
        var resizeOptions = Options(packages.Scratch, 128, 96);
        resizeOptions.Fit = FrameFit.Resize;
        using var resized = DeblurEngine.Create(resizeOptions, package);

        Assert.Contains("takes 96x64 images, smaller than the camera's 128x96 frames", larger.Message, StringComparison.Ordinal);
        Assert.Equal("80x48 padded to 96x64", smaller.GeometryFor(GyroQuality.Good).ToString());
        Assert.Equal("128x96 resized to 96x64", resized.GeometryFor(GyroQuality.Good).ToString());
    }
}
