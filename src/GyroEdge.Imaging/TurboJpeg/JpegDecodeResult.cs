namespace GyroEdge.Imaging.TurboJpeg;

/// <summary>The outcome of a decode that produced pixels.</summary>
/// <param name="Header">The decoded image's header (the destination holds Width x Height pixels).</param>
/// <param name="Warning">
/// Null for a clean stream. Otherwise libturbojpeg's warning (for example "Premature end of JPEG
/// file" for a truncated stream): every pixel was written, but some of them are guesses (a
/// truncated stream ends in grey). Only returned under <see cref="JpegDamagePolicy.Report"/>.
/// </param>
public readonly record struct JpegDecodeResult(JpegHeader Header, string? Warning)
{
    /// <summary>True when the stream was damaged and part of the image may be wrong.</summary>
    public bool IsDamaged => Warning is not null;
}
