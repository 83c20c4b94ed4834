using GyroEdge.Domain.Camera;
using GyroEdge.Inference.Engine;
using GyroEdge.Inference.Models;
using GyroEdge.Inference.Tests.Models;
using GyroEdge.TestSupport;

namespace GyroEdge.Inference.Tests.Engine;

/// <summary>Frames, motion and expected outputs built from the probe packages' saved PyTorch inputs and outputs.</summary>
internal static class EngineFixtures
{
    // The probe fixtures' image size (onnx_fixtures.PROBE_WIDTH x PROBE_HEIGHT).
    public const int Width = 96;
    public const int Height = 64;

    public static ModelPackage Gyro => ModelPackage.Load(ProbePackages.GyroModel);

    public static ModelPackage Blind => ModelPackage.Load(ProbePackages.BlindModel);

    public static TrainerFixture GyroFixture => TrainerFixture.Load(ProbePackages.GyroName);

    public static TrainerFixture BlindFixture => TrainerFixture.Load(ProbePackages.BlindName);

    /// <summary>CPU-sized options for the probe: one thread (the tests share two cores), TensorRT's cache in <paramref name="scratch"/>.</summary>
    public static EngineOptions Options(string scratch, int width = Width, int height = Height)
    {
        var options = new EngineOptions { FrameWidth = width, FrameHeight = height, IntraOpThreads = 1, InterOpThreads = 1 };
        options.TensorRt.CacheDirectory = Path.Combine(scratch, "tensorrt");
        return options;
    }

    /// <summary>Planar [3,H,W] floats that are whole 8-bit levels (the pytest export quantises them) as an RGB24 frame.</summary>
    public static byte[] Rgb24(float[] planar, int width, int height)
    {
        var plane = width * height;
        var rgb = new byte[3 * plane];
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
                rgb[(3 * p) + c] = checked((byte)Math.Round(planar[(c * plane) + p] * 255.0));
        }
        return rgb;
    }

    /// <summary>What an output tensor becomes as 8-bit RGB: clamped, times 255, rounded.</summary>
    public static byte[] ExpectedRgb24(float[] planar, int width, int height)
    {
        var plane = width * height;
        var rgb = new byte[3 * plane];
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
                rgb[(3 * p) + c] = (byte)Math.Round(Math.Clamp(planar[(c * plane) + p], 0.0, 1.0) * 255.0, MidpointRounding.AwayFromZero);
        }
        return rgb;
    }

    /// <summary>The fixture's rotations and intrinsics as the engine takes them.</summary>
    public static MotionInput Motion(TrainerFixture fixture)
    {
        var rotations = fixture.Inputs.Single(t => t.Name == "rotations").Values;
        var k = fixture.Inputs.Single(t => t.Name == "intrinsics").Values;
        return new MotionInput(rotations.ToArray(), new CameraIntrinsics(k[0], k[4], k[2], k[5], Width, Height, skew: k[1]));
    }

    /// <summary>M identity rotations: a camera that did not move.</summary>
    public static MotionInput Still(int rotationCount, int width, int height)
    {
        var rotations = new float[rotationCount * 9];
        for (var m = 0; m < rotationCount; m++)
            rotations[m * 9] = rotations[(m * 9) + 4] = rotations[(m * 9) + 8] = 1f;
        return new MotionInput(rotations, new CameraIntrinsics(width, width, (width - 1) / 2.0, (height - 1) / 2.0, width, height));
    }

    /// <summary>Asserts every byte is within one level of the expected one (ORT and PyTorch round differently by up to ~1e-4).</summary>
    public static void AssertWithinOneLevel(byte[] expected, ReadOnlySpan<byte> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (Math.Abs(expected[i] - actual[i]) > 1)
                Assert.Fail($"byte {i} (pixel {i / 3}, channel {i % 3}) is {actual[i]}, expected {expected[i]} within one level");
        }
    }

    public sealed class RecordingStatus : IEngineStatus
    {
        public List<(EngineStatusLevel Level, string Message)> Reports { get; } = [];

        public void Report(EngineStatusLevel level, string message) => Reports.Add((level, message));
    }
}
