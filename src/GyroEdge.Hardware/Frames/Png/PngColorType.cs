namespace GyroEdge.Hardware.Frames.Png;

/// <summary>IHDR colour type (PNG specification, 11.2.2).</summary>
public enum PngColorType : byte
{
    Greyscale = 0,
    Truecolour = 2,
    IndexedColour = 3,
    GreyscaleWithAlpha = 4,
    TruecolourWithAlpha = 6,
}
