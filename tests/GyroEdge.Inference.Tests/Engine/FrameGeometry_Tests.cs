using GyroEdge.Domain.Camera;
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
        var camera = new CameraIntrinsics(1000, 1001, 639, 359, 1279, 719, skew: 0.5);

        Assert.Equal(camera, geometry.ToModel(camera));
    }

    [Fact]
    public void Halving_The_Frame_Halves_Focal_Lengths_And_Keeps_The_Centre_Pixel_Centred()
    {
        // 1280x720 to 640x360: s = 0.5; fx 1000 -> 500; cx 639.5 (the frame's middle) -> (639.5 + 0.5) * 0.5 - 0.5 = 319.5,
        // the middle of 640 pixels; cy 359.5 -> 179.5; skew 2 -> 1.
        var geometry = FrameGeometry.For(Dynamic, new EngineOptions { FrameWidth = 1280, FrameHeight = 720, Fit = FrameFit.Resize, ResizeWidth = 640, ResizeHeight = 360 });

        var model = geometry.ToModel(new CameraIntrinsics(1000, 1000, 639.5, 359.5, 1280, 720, skew: 2));

        Assert.Equal(new CameraIntrinsics(500, 500, 319.5, 179.5, 640, 360, skew: 1), model);
    }

    [Fact]
    public void Unequal_Scales_Scale_Each_Axis_On_Its_Own()
    {
        // 1280x720 to 640x480: sx = 0.5, sy = 2/3. cx 100 -> 100.5 * 0.5 - 0.5 = 49.75; cy 300 -> 300.5 * 2/3 - 0.5 = 199.8333.
        var model = new CameraIntrinsics(900, 900, 100, 300, 1280, 720).ScaledTo(640, 480);

        Assert.Equal(450, model.Fx, 4);
        Assert.Equal(600, model.Fy, 4);
        Assert.Equal(49.75, model.Cx, 4);
        Assert.Equal(199.83333, model.Cy, 4);
    }

    [Fact]
    public void Intrinsics_For_Another_Image_Size_Are_Refused_With_The_Fix()
    {
        var geometry = FrameGeometry.For(Dynamic, new EngineOptions { FrameWidth = 1280, FrameHeight = 720, Fit = FrameFit.Resize, ResizeWidth = 640, ResizeHeight = 360 });

        var error = Assert.Throws<ArgumentException>(() => geometry.ToModel(new CameraIntrinsics(1500, 1500, 959.5, 539.5, 1920, 1080)));

        Assert.Contains("describe a 1920x1080 image and the engine's frames are 1280x720", error.Message, StringComparison.Ordinal);
        Assert.Contains("CameraIntrinsics.ScaledTo(1280, 720)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Intrinsics_Are_Written_Row_By_Row()
    {
        var matrix = new float[9];

        new CameraIntrinsics(1, 2, 3, 4, 8, 8, skew: 5).CopyTo(matrix);

        Assert.Equal([1f, 5f, 3f, 0f, 2f, 4f, 0f, 0f, 1f], matrix);
    }
}
