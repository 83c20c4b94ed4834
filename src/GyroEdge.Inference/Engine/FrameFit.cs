namespace GyroEdge.Inference.Engine;

/// <summary>How a frame is brought to a size the model takes (a multiple of its manifest's `align`).</summary>
public enum FrameFit
{
    /// <summary>
    /// Repeat the bottom row and right column out to the next multiple of `align` (or the model's
    /// fixed size), run, and crop the output back. Exact: every pixel keeps its place, and the
    /// intrinsics stay as they are. The default.
    /// </summary>
    Pad,

    /// <summary>
    /// Resize bilinearly to the model's size (fixed, configured, or the frame's rounded to `align`),
    /// scale the intrinsics to match, and resize the output back. For models with a fixed input
    /// size, or to trade detail for speed.
    /// </summary>
    Resize,
}
