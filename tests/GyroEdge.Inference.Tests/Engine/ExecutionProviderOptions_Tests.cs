using GyroEdge.Inference.Engine;
using GyroEdge.Inference.Models;
using GyroEdge.Inference.Tests.Models;

namespace GyroEdge.Inference.Tests.Engine;

/// <summary>The option strings the engine would hand TensorRT and CUDA (they cannot load on this machine, so the dictionaries are what is checked).</summary>
public sealed class ExecutionProviderOptions_Tests
{
    private static FrameGeometry Geometry(int width, int height) =>
        FrameGeometry.For(ModelPackage.Load(ProbePackages.GyroModel).Manifest, new EngineOptions { FrameWidth = width, FrameHeight = height });

    [Fact]
    public void Profile_Shapes_Cover_The_Dynamic_Image_At_The_Padded_Camera_Size()
    {
        var manifest = ModelPackage.Load(ProbePackages.GyroModel).Manifest;

        // 1279x719 pads to 1280x720 at align 8; rotations and intrinsics are static and need no profile.
        Assert.Equal("image:1x3x720x1280", ExecutionProviderOptions.ProfileShapes(manifest, Geometry(1279, 719)));
    }

    [Fact]
    public void TensorRt_Options_Carry_The_Caches_Precision_Workspace_And_Profiles()
    {
        var settings = new TensorRtSettings { Fp16 = true, WorkspaceBytes = 2L << 30 };

        var options = ExecutionProviderOptions.TensorRt(settings, deviceId: 0, "/var/cache/gyroedge/tensorrt/abc", "image:1x3x720x1280");

        Assert.Equal("1", options["trt_engine_cache_enable"]);
        Assert.Equal("/var/cache/gyroedge/tensorrt/abc", options["trt_engine_cache_path"]);
        Assert.Equal("1", options["trt_timing_cache_enable"]);
        Assert.Equal("/var/cache/gyroedge/tensorrt/abc", options["trt_timing_cache_path"]);
        Assert.Equal("1", options["trt_fp16_enable"]);
        Assert.Equal("1", options["trt_layer_norm_fp32_fallback"]);
        Assert.Equal("2147483648", options["trt_max_workspace_size"]);
        Assert.Equal("image:1x3x720x1280", options["trt_profile_min_shapes"]);
        Assert.Equal("image:1x3x720x1280", options["trt_profile_opt_shapes"]);
        Assert.Equal("image:1x3x720x1280", options["trt_profile_max_shapes"]);
        Assert.Equal("0", options["device_id"]);
        Assert.False(options.ContainsKey("trt_dla_enable"));
        Assert.False(options.ContainsKey("trt_builder_optimization_level"));
    }

    [Fact]
    public void TensorRt_Options_Select_A_Dla_Core_Fp32_And_A_Builder_Level_When_Asked()
    {
        var settings = new TensorRtSettings { Fp16 = false, DlaCore = 1, BuilderOptimizationLevel = 5 };
        settings.ExtraOptions["trt_cuda_graph_enable"] = "1";

        var options = ExecutionProviderOptions.TensorRt(settings, deviceId: 1, "/cache", "");

        Assert.Equal("1", options["trt_dla_enable"]);
        Assert.Equal("1", options["trt_dla_core"]);
        Assert.Equal("0", options["trt_fp16_enable"]);
        Assert.Equal("0", options["trt_layer_norm_fp32_fallback"]);
        Assert.Equal("5", options["trt_builder_optimization_level"]);
        Assert.Equal("1", options["trt_cuda_graph_enable"]);
        Assert.Equal("1", options["device_id"]);
        Assert.False(options.ContainsKey("trt_profile_min_shapes")); // a fully static model needs none
    }

    [Fact]
    public void Build_Settings_Differ_When_Precision_Dla_Or_Profile_Differ()
    {
        var fp16 = ExecutionProviderOptions.BuildSettings(new TensorRtSettings { Fp16 = true }, "image:1x3x720x1280");
        var fp32 = ExecutionProviderOptions.BuildSettings(new TensorRtSettings { Fp16 = false }, "image:1x3x720x1280");
        var dla = ExecutionProviderOptions.BuildSettings(new TensorRtSettings { DlaCore = 0 }, "image:1x3x720x1280");
        var vga = ExecutionProviderOptions.BuildSettings(new TensorRtSettings { Fp16 = true }, "image:1x3x480x640");

        Assert.Equal(4, new[] { fp16, fp32, dla, vga }.Distinct().Count());
        Assert.Equal("fp16=1;layernorm_fp32=1;dla=none;level=default;profile=image:1x3x720x1280", fp16);
    }

    [Fact]
    public void Cuda_Options_Name_The_Device_And_Pass_Extra_Keys()
    {
        var settings = new CudaSettings { DeviceId = 2 };
        settings.ExtraOptions["cudnn_conv_algo_search"] = "HEURISTIC";

        var options = ExecutionProviderOptions.Cuda(settings);

        Assert.Equal("2", options["device_id"]);
        Assert.Equal("HEURISTIC", options["cudnn_conv_algo_search"]);
    }

    [Fact]
    public void Settings_Out_Of_Range_Are_Refused_Naming_The_Property()
    {
        var options = new EngineOptions { FrameWidth = 640, FrameHeight = 480 };
        options.TensorRt.DlaCore = -1;

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal("DlaCore", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(new EngineOptions().Validate);
    }
}
