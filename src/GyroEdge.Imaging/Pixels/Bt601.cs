namespace GyroEdge.Imaging.Pixels;

/// <summary>
/// ITU-R BT.601 Y'CbCr in limited ("studio", "video") range, the encoding of V4L2's YUYV and NV12
/// unless a driver says otherwise (V4L2_COLORSPACE_SMPTE170M / V4L2_QUANTIZATION_LIM_RANGE are the
/// default for SDTV and most UVC webcams, and Jetson's ISP emits the same for 8-bit NV12).
/// Y' spans 16..235 and Cb, Cr 16..240 around 128. Every coefficient below is derived from the
/// standard's two luma weights, so the conversion can be checked against the standard directly.
/// </summary>
public static class Bt601
{
    /// <summary>Luma weight of red (BT.601 Kr).</summary>
    public const double Kr = 0.299;

    /// <summary>Luma weight of blue (BT.601 Kb).</summary>
    public const double Kb = 0.114;

    /// <summary>Luma weight of green: 1 - Kr - Kb.</summary>
    public const double Kg = 1.0 - Kr - Kb;

    /// <summary>Y' = 16 at black, 235 at white: 219 levels.</summary>
    public const double LumaBlack = 16.0;
    public const double LumaRange = 219.0;

    /// <summary>Cb and Cr swing 112 either side of 128 (16..240): 224 levels.</summary>
    public const double ChromaZero = 128.0;
    public const double ChromaHalfRange = 112.0;

    // R' = Y + (1 - Kr) / 112 * (Cr - 128) and so on, with Y = (Y' - 16) / 219 and R', G', B' in [0,1].
    internal const float LumaScale = (float)(1.0 / LumaRange);
    internal const float CrToRed = (float)((1.0 - Kr) / ChromaHalfRange);
    internal const float CbToBlue = (float)((1.0 - Kb) / ChromaHalfRange);
    internal const float CbToGreen = (float)((1.0 - Kb) * Kb / Kg / ChromaHalfRange);
    internal const float CrToGreen = (float)((1.0 - Kr) * Kr / Kg / ChromaHalfRange);
}
