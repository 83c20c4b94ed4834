using GyroEdge.Inference.Engine;
using GyroEdge.Inference.Engine.Interop;
using GyroEdge.Inference.OnnxRuntime;

namespace GyroEdge.Inference.Tests.Engine;

public sealed class DeviceIdentity_Tests : IDisposable
{
    private readonly string proc = Directory.CreateTempSubdirectory("gyroedge-proc-").FullName;

    public void Dispose() => Directory.Delete(proc, recursive: true);

    [Fact]
    public void Reads_A_Discrete_Gpus_Model_From_The_Nvidia_Driver()
    {
        var gpu = Directory.CreateDirectory(Path.Combine(proc, "driver", "nvidia", "gpus", "0000:01:00.0")).FullName;
        File.WriteAllText(Path.Combine(gpu, "information"), "Model: \t\t NVIDIA H200\nIRQ:   \t\t 150\nGPU UUID: \t GPU-1234\n");

        Assert.Equal("NVIDIA H200", DeviceIdentity.ReadGpuName(proc));
    }

    [Fact]
    public void Reads_A_Jetsons_Board_From_The_Device_Tree()
    {
        Directory.CreateDirectory(Path.Combine(proc, "device-tree"));
        File.WriteAllText(Path.Combine(proc, "device-tree", "model"), "NVIDIA Jetson AGX Orin Developer Kit\0");

        Assert.Equal("NVIDIA Jetson AGX Orin Developer Kit", DeviceIdentity.ReadGpuName(proc));
    }

    [Fact]
    public void Nothing_Known_Gives_None_And_Configured_Values_Win()
    {
        var settings = new TensorRtSettings { Version = "8.6.2", GpuName = "Orin Nano" };

        Assert.Null(DeviceIdentity.ReadGpuName(proc));
        Assert.Equal("8.6.2", DeviceIdentity.TensorRtVersion(settings));
        Assert.Equal("Orin Nano", DeviceIdentity.GpuName(settings));
    }

    [Theory]
    [InlineData(100300, "10.3.0")]  // TensorRT 10: major * 10000 + minor * 100 + patch
    [InlineData(100011, "10.0.11")]
    [InlineData(8602, "8.6.2")]     // TensorRT 8: major * 1000 + minor * 100 + patch
    [InlineData(8510, "8.5.10")]
    public void TensorRt_Version_Numbers_Are_Decoded_For_Both_Encodings(int number, string version)
    {
        Assert.Equal(version, NvInfer.Decode(number));
    }

    [Fact]
    public void Provider_Failure_Reasons_Keep_Ort_Words_Without_Its_Source_Location()
    {
        var error = new OnnxRuntimeException(OrtErrorCode.Fail,
            "/onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:1696 void onnxruntime::ProviderSharedLibrary::Ensure() [ONNXRuntimeError] : 1 : FAIL : "
            + "Failed to load library libonnxruntime_providers_shared.so with error: cannot open shared object file\nsecond line",
            "SessionOptionsAppendExecutionProvider_TensorRT_V2");

        Assert.Equal("Failed to load library libonnxruntime_providers_shared.so with error: cannot open shared object file", ProviderFallback.Reason(error));
        Assert.Equal("plain", ProviderFallback.Reason(new OnnxRuntimeException(OrtErrorCode.EpFail, "plain", "CreateSession")));
    }
}
