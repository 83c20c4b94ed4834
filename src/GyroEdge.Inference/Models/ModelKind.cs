namespace GyroEdge.Inference.Models;

/// <summary>What a model takes besides the image (models/MANIFEST.md, `kind`).</summary>
public enum ModelKind
{
    /// <summary>Takes the camera's rotations over the exposure and the intrinsics: "gyro".</summary>
    Gyro,

    /// <summary>The gyro-free twin: image only: "blind". Runs when a frame has no usable gyro.</summary>
    Blind,
}
