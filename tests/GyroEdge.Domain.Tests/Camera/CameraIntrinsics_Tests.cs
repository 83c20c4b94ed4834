using GyroEdge.Domain.Camera;

namespace GyroEdge.Domain.Tests.Camera;

public sealed class CameraIntrinsics_Tests
{
    [Fact]
    public void Halving_The_Image_Halves_Focal_Lengths_And_Keeps_The_Centre_On_The_Centre()
    {
        // 1920x1080 with the principal point on the exact image centre: (1919/2, 1079/2).
        var k = new CameraIntrinsics(2139.03, 2133.83, 959.5, 539.5, 1920, 1080);

        var half = k.ScaledTo(960, 540);

        Assert.Equal(1069.515, half.Fx, 12);
        Assert.Equal(1066.915, half.Fy, 12);
        Assert.Equal(479.5, half.Cx, 12);
        Assert.Equal(269.5, half.Cy, 12);
    }

    [Fact]
    public void A_Centre_Crop_Moves_The_Principal_Point_By_The_Crop_Origin()
    {
        var k = new CameraIntrinsics(2139.03, 2133.83, 960, 540, 1920, 1080);

        var crop = k.Cropped(320, 180, 1280, 720);

        Assert.Equal((640.0, 360.0, 2139.03, 1280, 720), (crop.Cx, crop.Cy, crop.Fx, crop.Width, crop.Height));
    }

    [Fact]
    public void Skew_Scales_With_The_Width_And_Stays_Through_A_Crop()
    {
        // u = fx·x + skew·y + cx: a horizontal scale s scales the skew term by s, a vertical one does not.
        var k = new CameraIntrinsics(1000, 1000, 640, 360, 1280, 720, skew: 3);

        Assert.Equal(1.5, k.ScaledTo(640, 720).Skew, 12);
        Assert.Equal(3, k.ScaledTo(1280, 360).Skew, 12);
        Assert.Equal(3, k.Cropped(10, 10, 100, 100).Skew);
    }

    [Fact]
    public void A_Crop_Outside_The_Image_Is_Refused()
    {
        var k = new CameraIntrinsics(1000, 1000, 640, 360, 1280, 720);

        var error = Assert.Throws<ArgumentException>(() => k.Cropped(100, 0, 1280, 720));

        Assert.Contains("does not fit in the 1280x720 image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Matrix_Is_K_Row_Major()
    {
        var k = new CameraIntrinsics(800, 810, 320, 240, 640, 480);
        var matrix = new float[9];

        k.CopyTo(matrix);

        Assert.Equal([800f, 0f, 320f, 0f, 810f, 240f, 0f, 0f, 1f], matrix);
    }

    [Fact]
    public void A_Ninety_Degree_Field_Of_View_Has_A_Focal_Length_Of_Half_The_Width()
    {
        var k = CameraIntrinsics.FromHorizontalFieldOfView(90, 640, 480);

        Assert.Equal(320, k.Fx, 10);
        Assert.Equal(319.5, k.Cx);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(100, -1)]
    [InlineData(double.NaN, 100)]
    public void Non_Positive_Focal_Lengths_Are_Refused(double fx, double fy)
    {
        var error = Assert.Throws<ArgumentException>(() => new CameraIntrinsics(fx, fy, 1, 1, 10, 10));

        Assert.Contains("Focal lengths must be positive", error.Message, StringComparison.Ordinal);
    }
}
