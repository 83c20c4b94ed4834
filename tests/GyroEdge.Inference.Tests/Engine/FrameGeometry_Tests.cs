using GyroEdge.Inference.Engine;
using GyroEdge.Inference.Models;
using GyroEdge.Inference.Tests.Models;

namespace GyroEdge.Inference.Tests.Engine;

public sealed class FrameGeometry_Tests
{
    private static ModelManifest Dynamic => ModelPackage.Load(ProbePackages.GyroModel).Manifest; // align 8, any H and W

    [Theory]
    [InlineData(1280, 720, 1280, 720)]
    [InlineData(1279, 719, 1280, 720)]
    [InlineData(641, 481, 648, 488)]
    public void Pad_Rounds_The_Frame_Up_To_Align(int width, int height, int modelWidth, int modelHeight)
    {
        var geometry = FrameGeometry.For(Dynamic, new EngineOptions { FrameWidth = width, FrameHeight = height });

        Assert.Equal((modelWidth, modelHeight), (geometry.ModelWidth, geometry.ModelHeight));
        Assert.Equal(width == modelWidth && height == modelHeight, geometry.IsIdentity);
    }

    [Fact]
    public void Resize_Rounds_The_Frame_To_The_Nearest_Multiple_Unless_A_Size_Is_Configured()
    {
        var chosen = FrameGeometry.For(Dynamic, new EngineOptions { FrameWidth = 1283, FrameHeight = 717, Fit = FrameFit.Resize });
        var configured = FrameGeometry.For(Dynamic, new EngineOptions { FrameWidth = 1280, FrameHeight = 720, Fit = FrameFit.Resize, ResizeWidth = 640, ResizeHeight = 360 });

        Assert.Equal("1283x717 resized to 1280x720", chosen.ToString());
        Assert.Equal("1280x720 resized to 640x360", configured.ToString());
    }

    [Fact]
    public void A_Resize_Size_That_Is_Not_A_Multiple_Of_Align_Is_Refused_With_A_Suggestion()
    {
        var error = Assert.Throws<ArgumentException>(() => FrameGeometry.For(Dynamic,
            new EngineOptions { FrameWidth = 1280, FrameHeight = 720, Fit = FrameFit.Resize, ResizeWidth = 643, ResizeHeight = 360 }));

        Assert.Contains("Resize width 643 is not a multiple of model contract_probe_gyro's align 8: use 640", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resize_Sizes_With_Fit_Pad_Are_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => FrameGeometry.For(Dynamic,
            new EngineOptions { FrameWidth = 1280, FrameHeight = 720, ResizeWidth = 640, ResizeHeight = 360 }));

        Assert.Contains("apply only with Fit = Resize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Padding_Leaves_The_Intrinsics_As_They_Are()
    {
        var geometry = FrameGeometry.For(Dynamic, new EngineOptions { FrameWidth = 1279, FrameHeight = 719 });
        var camera = new CameraIntrinsics(1000f, 1001f, 639f, 359f, 0.5f);

        Assert.Equal(camera, geometry.ToModel(camera));
    }

    [Fact]
    public void Halving_The_Frame_Halves_Focal_Lengths_And_Keeps_The_Centre_Pixel_Centred()
    {
        // 1280x720 to 640x360: s = 0.5; fx 1000 -> 500; cx 639.5 (the frame's middle) -> (639.5 + 0.5) * 0.5 - 0.5 = 319.5,
        // the middle of 640 pixels; cy 359.5 -> 179.5; skew 2 -> 1.
        var geometry = FrameGeometry.For(Dynamic, new EngineOptions { FrameWidth = 1280, FrameHeight = 720, Fit = FrameFit.Resize, ResizeWidth = 640, ResizeHeight = 360 });

        var model = geometry.ToModel(new CameraIntrinsics(1000f, 1000f, 639.5f, 359.5f, 2f));

        Assert.Equal(new CameraIntrinsics(500f, 500f, 319.5f, 179.5f, 1f), model);
    }

    [Fact]
    public void Unequal_Scales_Scale_Each_Axis_On_Its_Own()
    {
        // 1280x720 to 640x480: sx = 0.5, sy = 2/3. cx 100 -> 100.5 * 0.5 - 0.5 = 49.75; cy 300 -> 300.5 * 2/3 - 0.5 = 199.8333.
        var model = new CameraIntrinsics(900f, 900f, 100f, 300f).Resized(1280, 720, 640, 480);

        Assert.Equal(450f, model.Fx, 4);
        Assert.Equal(600f, model.Fy, 4);
        Assert.Equal(49.75f, model.Cx, 4);
        Assert.Equal(199.83333f, model.Cy, 4);
    }

    [Fact]
    public void Intrinsics_Are_Written_Row_By_Row()
    {
        var matrix = new float[9];

        new CameraIntrinsics(1f, 2f, 3f, 4f, 5f).WriteMatrix(matrix);

        Assert.Equal([1f, 5f, 3f, 0f, 2f, 4f, 0f, 0f, 1f], matrix);
    }
}
