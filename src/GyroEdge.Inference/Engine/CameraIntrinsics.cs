namespace GyroEdge.Inference.Engine;

/// <summary>
/// Pinhole intrinsics in pixels, K = [[Fx, Skew, Cx], [0, Fy, Cy], [0, 0, 1]], with pixel
/// centres at integer coordinates (the first pixel's centre is (0, 0)), as the model contract's
/// `intrinsics` input expects them.
/// </summary>
public readonly record struct CameraIntrinsics(float Fx, float Fy, float Cx, float Cy, float Skew = 0f)
{
    /// <summary>
    /// The same camera seen through a resize from <paramref name="fromWidth"/> x <paramref name="fromHeight"/>
    /// to <paramref name="toWidth"/> x <paramref name="toHeight"/> with aligned pixel centres
    /// (GyroEdge.Imaging.Pixels.BilinearResampler): a point at u moves to (u + 0.5) s - 0.5 with
    /// s = to / from, so focal lengths and skew scale by s and Cx becomes (Cx + 0.5) sx - 0.5.
    /// </summary>
    public CameraIntrinsics Resized(int fromWidth, int fromHeight, int toWidth, int toHeight)
    {
        var sx = (float)toWidth / fromWidth;
        var sy = (float)toHeight / fromHeight;
        return new CameraIntrinsics(
            Fx * sx,
            Fy * sy,
            ((Cx + 0.5f) * sx) - 0.5f,
            ((Cy + 0.5f) * sy) - 0.5f,
            Skew * sx);
    }

    /// <summary>Writes K row by row into the first 9 elements of <paramref name="matrix"/>.</summary>
    public void WriteMatrix(Span<float> matrix)
    {
        if (matrix.Length < 9)
            throw new ArgumentException($"A 3x3 intrinsics matrix needs 9 floats; the buffer has {matrix.Length}.", nameof(matrix));
        matrix[0] = Fx;
        matrix[1] = Skew;
        matrix[2] = Cx;
        matrix[3] = 0f;
        matrix[4] = Fy;
        matrix[5] = Cy;
        matrix[6] = 0f;
        matrix[7] = 0f;
        matrix[8] = 1f;
    }
}
