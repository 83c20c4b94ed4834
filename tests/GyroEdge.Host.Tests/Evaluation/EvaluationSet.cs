using System.Globalization;
using System.Text;
using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Frames.Png;

namespace GyroEdge.Host.Tests.Evaluation;

/// <summary>
/// What the evaluation tests share, made once: sharp photos and a gyro log written here, a
/// recording with ground truth synthesised from them by the trainer (`synth`), a small gyro model
/// and its blind twin as checkpoints exported by the trainer (`export`), and the trainer's own
/// PyTorch evaluation of those checkpoints on the recording (`eval-torch`). Nothing is copied
/// from ../shared: the inputs are made in the test.
/// </summary>
public sealed class EvaluationSet : IDisposable
{
    public const int Frames = 4;
    public const int PhotoWidth = 160;
    public const int PhotoHeight = 120;

    public EvaluationSet()
    {
        Directory.CreateDirectory(Root);
        var sharp = Path.Combine(Root, "sharp");
        WritePhotos(sharp, count: 3);
        var gyro = Path.Combine(Root, "gyro.txt");
        WriteGyroLog(gyro, seconds: 6);
        TrainerPython.Cli("synth", "--sharp", sharp, "--gyro", gyro, "--out", Recording, "--count", Frames.ToString(CultureInfo.InvariantCulture),
            "--seed", "3", "--size", "96x64", "--exposure-ms", "20-60");

        var checkpoints = Path.Combine(Root, "checkpoints");
        TrainerPython.Reference("checkpoints", checkpoints);
        Directory.CreateDirectory(Models);
        TrainerPython.Cli("export", "--checkpoint", Path.Combine(checkpoints, "gyro.pt"), "--out", GyroModel, "--name", "tiny", "--twin", "tiny-blind",
            "--parity-dir", Path.Combine(Root, "parity"));
        TrainerPython.Cli("export", "--checkpoint", Path.Combine(checkpoints, "blind.pt"), "--out", BlindModel, "--name", "tiny-blind", "--twin", "tiny",
            "--parity-dir", Path.Combine(Root, "parity"));
        TrainerPython.Cli("eval-torch", "--recording", Recording, "--checkpoint", Path.Combine(checkpoints, "gyro.pt"),
            "--baseline", Path.Combine(checkpoints, "blind.pt"), "--json", TorchEvaluation);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "gyroedge-eval-" + Guid.NewGuid().ToString("N"));

    /// <summary>The synthetic recording: 96x64 frames, each with its own intrinsics and its ground truth.</summary>
    public string Recording => Path.Combine(Root, "recording");

    public string Models => Path.Combine(Root, "models");

    /// <summary>tiny.onnx (gyro, M = 9) with its manifest; its twin tiny-blind.onnx beside it.</summary>
    public string GyroModel => Path.Combine(Models, "tiny.onnx");

    public string BlindModel => Path.Combine(Models, "tiny-blind.onnx");

    /// <summary>eval-torch's report for tiny (model) and tiny-blind (baseline) on <see cref="Recording"/>.</summary>
    public string TorchEvaluation => Path.Combine(Root, "eval-torch.json");

    /// <summary>A copy of the recording to alter, in a new folder under <see cref="Root"/>.</summary>
    public string CopyRecording(string name)
    {
        var copy = Path.Combine(Root, name);
        foreach (var file in Directory.EnumerateFiles(Recording, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Recording, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }

    /// <summary>
    /// Photo-like stand-ins with what blur synthesis needs: smooth colour gradients, hard edges
    /// (a 12-pixel checker that darkens every other square) and thin diagonal lines.
    /// </summary>
    private static void WritePhotos(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        using var encoder = new PngEncoder();
        var pixels = new byte[PhotoWidth * PhotoHeight * 3];
        for (var photo = 0; photo < count; photo++)
        {
            for (var y = 0; y < PhotoHeight; y++)
            {
                for (var x = 0; x < PhotoWidth; x++)
                {
                    var shade = ((x / 12) + (y / 12) + photo) % 2 == 0 ? 0.5 : 1.0;
                    var line = (x + (2 * y) + (7 * photo)) % 23 == 0 ? 0.3 : 1.0;
                    var i = ((y * PhotoWidth) + x) * 3;
                    pixels[i] = Level((0.2 + (0.7 * x / PhotoWidth)) * shade * line);
                    pixels[i + 1] = Level((0.3 + (0.5 * Math.Sin((x + (photo * 17)) * 0.05) * Math.Cos(y * 0.07)) + 0.2) * shade * line);
                    pixels[i + 2] = Level((0.9 - (0.6 * y / PhotoHeight)) * shade * line);
                }
            }
            var png = encoder.Encode(pixels, PhotoWidth, PhotoHeight, PhotoWidth * 3, FramePixelFormat.Rgb24);
            File.WriteAllBytes(Path.Combine(folder, $"photo_{photo:D3}.png"), png.ToArray());
        }
    }

    private static byte Level(double value) => (byte)Math.Clamp(Math.Round(value * 255), 0, 255);

    /// <summary>
    /// A hand tremor (a few sines per axis, about half a radian per second) at 210 Hz, the rate of
    /// the research log, in its format: 'timestamp_ns wx wy wz' per line.
    /// </summary>
    private static void WriteGyroLog(string path, double seconds)
    {
        const double rateHz = 210;
        const long origin = 250_285_705_039_633; // an uptime-sized origin, as in real logs
        var text = new StringBuilder();
        for (var n = 0; n < seconds * rateHz; n++)
        {
            var t = n / rateHz;
            var wx = (0.5 * Math.Sin(2 * Math.PI * 3.1 * t)) + (0.2 * Math.Sin((2 * Math.PI * 9 * t) + 1));
            var wy = (0.4 * Math.Cos(2 * Math.PI * 2.3 * t)) + (0.15 * Math.Sin(2 * Math.PI * 11 * t));
            var wz = 0.1 * Math.Sin(2 * Math.PI * 1.7 * t);
            text.Append(CultureInfo.InvariantCulture, $"{origin + (long)Math.Round(n * 1e9 / rateHz)} {wx:R} {wy:R} {wz:R}\n");
        }
        File.WriteAllText(path, text.ToString());
    }
}

/// <summary>The tests that share one <see cref="EvaluationSet"/> (it takes the trainer some seconds to make).</summary>
[CollectionDefinition(nameof(SharedEvaluationSet))]
public sealed class SharedEvaluationSet : ICollectionFixture<EvaluationSet>;
