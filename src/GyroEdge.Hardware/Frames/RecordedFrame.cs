namespace GyroEdge.Hardware.Frames;

/// <summary>One row of a recording's frames.csv.</summary>
/// <param name="Id">The frame's id (its sequence in the session).</param>
/// <param name="ExposureStartNs">Exposure start, CLOCK_MONOTONIC ns (the first row's, with a rolling shutter).</param>
/// <param name="ExposureEndNs">Exposure end.</param>
/// <param name="File">The image, relative to the recording folder (frames/000001.png).</param>
/// <param name="SharpFile">The sharp ground truth of a synthetic set, or null.</param>
/// <param name="Intrinsics">The frame's own intrinsics (frames.csv fx,fy,cx,cy), or null where the session camera's apply.</param>
public sealed record RecordedFrame(long Id, long ExposureStartNs, long ExposureEndNs, string File, string? SharpFile, RecordedIntrinsics? Intrinsics = null);
