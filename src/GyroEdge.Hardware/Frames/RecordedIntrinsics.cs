using GyroEdge.Domain.Camera;

namespace GyroEdge.Hardware.Frames;

/// <summary>
/// A frame's own intrinsics from frames.csv (columns fx,fy,cx,cy, pixels of that frame's image).
/// Synthetic sets fill them because every frame is a crop of another photo with another lens;
/// field recordings leave them empty and the session camera's apply. No image size here: the
/// frame's image gives it (<see cref="ForImage"/>).
/// </summary>
public readonly record struct RecordedIntrinsics(double Fx, double Fy, double Cx, double Cy)
{
    /// <summary>These intrinsics as <see cref="CameraIntrinsics"/> of the frame's <paramref name="width"/> x <paramref name="height"/> image.</summary>
    public CameraIntrinsics ForImage(int width, int height) => new(Fx, Fy, Cx, Cy, width, height);
}
