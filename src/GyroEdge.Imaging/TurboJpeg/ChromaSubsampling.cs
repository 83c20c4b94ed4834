namespace GyroEdge.Imaging.TurboJpeg;

/// <summary>
/// Chrominance subsampling of a JPEG (TJSAMP in turbojpeg.h; the values are the C codes). The
/// encoder writes <see cref="Chroma444"/>, <see cref="Chroma422"/> or <see cref="Chroma420"/>
/// for colour and <see cref="Gray"/> for grey frames; the decoder may report any of them.
/// </summary>
public enum ChromaSubsampling
{
    /// <summary>4:4:4, one chroma sample per pixel: largest stream, no colour bleeding at edges.</summary>
    Chroma444 = 0,

    /// <summary>4:2:2, one chroma sample per 2x1 pixels.</summary>
    Chroma422 = 1,

    /// <summary>4:2:0, one chroma sample per 2x2 pixels: the usual choice for camera frames.</summary>
    Chroma420 = 2,

    /// <summary>No chroma at all (a grey JPEG).</summary>
    Gray = 3,

    /// <summary>4:4:0, one chroma sample per 1x2 pixels (decoded, never written).</summary>
    Chroma440 = 4,

    /// <summary>4:1:1, one chroma sample per 4x1 pixels (decoded, never written).</summary>
    Chroma411 = 5,
}
