using GyroEdge.Domain.Gyro;
using GyroEdge.Hardware.Imu.Emulation;

namespace GyroEdge.Hardware.Frames;

/// <summary>
/// A recording's gyro.csv (DESIGN.md, "Recordings"): <c>t_ns,wx,wy,wz</c>, every gyro sample of
/// the session in IMU axes and IMU time (rad/s), as the trainer's write_gyro_csv writes it. Read
/// by <see cref="GyroLog.Read"/>, the one reader of gyro logs; map the samples into camera axes and
/// time with the session's <see cref="RecordingSession.Calibration"/>, as the gyro stream does.
/// </summary>
public static class RecordingGyro
{
    public const string FileName = "gyro.csv";

    /// <summary>Every sample of <c>gyro.csv</c> in <paramref name="recordingFolder"/>, oldest first.</summary>
    /// <exception cref="FileNotFoundException">No gyro.csv in the folder.</exception>
    /// <exception cref="InvalidDataException">A line is not t_ns and three rates, or time does not increase (the message names the line).</exception>
    public static GyroSample[] Read(string recordingFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordingFolder);
        var path = Path.Combine(recordingFolder, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} does not exist: a recording folder holds session.json, gyro.csv (t_ns,wx,wy,wz), frames.csv and frames/. Without gyro.csv the frames can only be replayed without motion.",
                path);
        }
        var samples = GyroLog.Read(path);
        if (samples.Length == 0)
            throw new InvalidDataException($"{path} holds no samples; expected 't_ns,wx,wy,wz' rows, one per gyro sample of the session.");
        return samples;
    }
}
