using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Frames.Png;
using GyroEdge.Host.Evaluation;
using GyroEdge.Host.Pipeline;
using GyroEdge.Host.Recording;
using GyroEdge.Host.Simulation;
using GyroEdge.Imaging.TurboJpeg;
using GyroEdge.Inference.OnnxRuntime;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Mosquitto;

namespace GyroEdge.Host.Demo;

/// <summary>What `gyroedge demo` was asked to do.</summary>
/// <param name="Recording">A recording with ground truth to replay, or null for the checkerboard (nothing to score).</param>
/// <param name="Broker">An existing broker, or null to start mosquitto on loopback.</param>
public sealed record DeviceDemoSettings(DirectoryInfo? Recording, FileInfo GyroModel, FileInfo BlindModel, DirectoryInfo Output,
                                        BrokerEndpoint? Broker, double FramesPerSecond, TimeSpan Timeout);

/// <summary>One recorded frame as the demo scored it.</summary>
public sealed record DemoFrame(int Index, long FrameId, string Model, string GyroQuality,
                               double InputPsnr, double OutputPsnr, double InputSsim, double OutputSsim, string SideBySide);

/// <summary>What the demo measured: the frames (with ground truth) and the device's own figures.</summary>
public sealed record DemoResult(IReadOnlyList<DemoFrame> Frames, PipelineReport Pipeline, string Output);

/// <summary>
/// `gyroedge demo`: the whole device in simulation, every part real except the sensors. The
/// emulated ICM-42688-P replays the recording's own gyro (real smartphone shake, corrupted at the
/// level the recording was made with) over the emulated I2C bus through the real driver; strobe
/// edges on an emulated GPIO line mark each exposure; the recording's blurred frames are the
/// camera. Every stage of `gyroedge run` runs unchanged: motion, the deblur engine on ONNX Runtime
/// with the shipped models, JPEG, the outbox, MQTT to a broker, and a fleet watcher (the code
/// behind `gyroedge fleet watch`) receiving. Each recorded frame that comes back is scored against
/// the recording's ground truth, as received (JPEG quality 100), and shown side by side.
/// </summary>
public static class DeviceDemo
{
    private const string DeviceId = "sim-01";
    private const int FramesWithoutRecording = 8;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<DemoResult> RunAsync(DeviceDemoSettings settings, TextWriter console, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        if (!(settings.FramesPerSecond > 0))
            throw new ArgumentException($"--fps {settings.FramesPerSecond} must be greater than zero.");
        foreach (var model in new[] { settings.GyroModel, settings.BlindModel })
        {
            if (!model.Exists)
                throw new FileNotFoundException($"{model.FullName} does not exist. Run from the checkout (models/ holds the shipped pair) or pass --model and --blind.", model.FullName);
        }
        var recorded = settings.Recording is { } folder ? GroundTruth(folder) : null;
        var count = recorded?.Count ?? FramesWithoutRecording;

        var output = settings.Output.FullName;
        Directory.CreateDirectory(output);
        foreach (var ours in new[] { "fleet", "side-by-side" })
        {
            if (Directory.Exists(Path.Combine(output, ours)))
                Directory.Delete(Path.Combine(output, ours), recursive: true);
        }

        using var local = settings.Broker is null ? LocalMosquittoBroker.Launch() : null;
        var (host, port) = settings.Broker is { } b ? (b.Host, b.Port) : (local!.Host, local.Port);
        var fleet = Path.Combine(output, "fleet");
        using var watcher = new FleetWatcher(new FleetWatchOptions
        {
            Mqtt = new MqttClientOptions { ClientId = $"gyroedge-demo-fleet-watch-{Environment.ProcessId}", Host = host, Port = port },
            OutputDirectory = fleet,
        });
        await watcher.ConnectAsync(TimeSpan.FromSeconds(10), cancel).ConfigureAwait(false);

        var scratch = Directory.CreateTempSubdirectory("gyroedge-demo-");
        PipelineReport report;
        FrameFormat format;
        Dictionary<int, (long FrameId, string File, string Model, string Quality)> received;
        try
        {
            var device = LaptopDevice.Settings(scratch.FullName, port, settings.GyroModel.FullName, settings.BlindModel.FullName,
                                               settings.Recording?.FullName, jpegQuality: 100);
            device.Mqtt.Broker = $"mqtt://{host}:{port}";
            device.Simulation.FrameRateHz = settings.FramesPerSecond;
            var simulated = SimulatedDevice.Create(device);
            await using (simulated.ConfigureAwait(false))
            {
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"demo: simulated device {DeviceId}: emulated ICM-42688-P on an emulated I2C bus replaying {simulated.GyroTrace}, strobe on an emulated GPIO line, "
                    + $"camera {(settings.Recording is null ? "a sliding checkerboard" : settings.Recording.FullName)} at {settings.FramesPerSecond:0.##} fps, "
                    + $"{settings.GyroModel.Name} + {settings.BlindModel.Name} on ONNX Runtime {OnnxRuntimeLibrary.Version}, MQTT to {host}:{port}, fleet watcher saving to {fleet}"));
                await simulated.StartAsync(cancel).ConfigureAwait(false);
                received = await WaitForEveryFrameAsync(Path.Combine(fleet, DeviceId, "meta.jsonl"), count, settings.Timeout, simulated, cancel).ConfigureAwait(false);
                var health = simulated.Health.Snapshot().Summary;  // before the stop switches the camera off
                await simulated.StopAsync(cancel).ConfigureAwait(false);
                report = simulated.Report() with { Health = health };
                // The replay set the camera to the recording's frame size.
                format = FrameFormat.Packed(FramePixelFormat.Rgb24, simulated.Settings.Camera.Width, simulated.Settings.Camera.Height);
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }

        var frames = recorded is null ? [] : Score(settings.Recording!.FullName, recorded, format, received, output);
        var result = new DemoResult(frames, report, output);
        WriteSummary(result, settings);
        console.Write(Describe(result));
        return result;
    }

    /// <summary>frames.csv of a recording whose every frame has ground truth.</summary>
    private static IReadOnlyList<RecordedFrame> GroundTruth(DirectoryInfo recording)
    {
        var frames = RecordingFrameIndex.Read(recording.FullName);
        if (frames.Count == 0)
            throw new InvalidDataException($"{Path.Combine(recording.FullName, "frames.csv")} lists no frames; the demo needs at least one.");
        var missing = frames.FirstOrDefault(f => f.SharpFile is null);
        if (missing is not null)
        {
            throw new InvalidDataException(
                $"{Path.Combine(recording.FullName, "frames.csv")}: frame {missing.Id} has no sharp_file, and the demo scores every frame against its ground truth. "
                + "Use a recording made by ./gyroedge synth.");
        }
        return frames;
    }

    /// <summary>Polls the fleet watcher's meta.jsonl until every recorded frame (presentation g shows frame g mod N) has come back once.</summary>
    private static async Task<Dictionary<int, (long, string, string, string)>> WaitForEveryFrameAsync(
        string metaFile, int count, TimeSpan timeout, SimulatedDevice device, CancellationToken cancel)
    {
        var received = new Dictionary<int, (long, string, string, string)>();
        var deadline = DateTime.UtcNow + timeout;
        long offset = 0;
        while (received.Count < count)
        {
            if (device.Failure is { } failure)
                throw new InvalidOperationException($"The simulated device's {failure.Stage} stage failed: {failure.Error.Message}", failure.Error);
            if (DateTime.UtcNow > deadline)
            {
                var figures = device.Report().Describe().Split('\n')[0];
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"Only {received.Count} of {count} recorded frames came back within {timeout.TotalSeconds:0} s ({figures}). Lower --fps so that inference keeps up, or raise --timeout."));
            }
            if (File.Exists(metaFile))
            {
                using var stream = new FileStream(metaFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                stream.Seek(offset, SeekOrigin.Begin);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var text = await reader.ReadToEndAsync(cancel).ConfigureAwait(false);
                var complete = text.LastIndexOf('\n') + 1;  // the watcher writes whole lines; keep a partial one for later
                offset += Encoding.UTF8.GetByteCount(text.AsSpan(0, complete));
                foreach (var line in text[..complete].Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var entry = JsonNode.Parse(line)!;
                    var meta = entry["meta"]!;
                    var frameId = meta[FrameMetadataFields.FrameId]!.GetValue<long>();
                    var index = (int)(frameId % count);
                    if (!received.ContainsKey(index))
                    {
                        received[index] = (frameId, Path.Combine(Path.GetDirectoryName(metaFile)!, entry["file"]!.GetValue<string>()),
                                           meta[FrameMetadataFields.Model]?.GetValue<string>() ?? "", meta[FrameMetadataFields.GyroQuality]?.GetValue<string>() ?? "");
                    }
                }
            }
            await Task.Delay(200, cancel).ConfigureAwait(false);
        }
        return received;
    }

    private static List<DemoFrame> Score(string recording, IReadOnlyList<RecordedFrame> recorded, FrameFormat format,
                                         Dictionary<int, (long FrameId, string File, string Model, string Quality)> received, string output)
    {
        var (width, height) = (format.Width, format.Height);
        var sideBySide = Path.Combine(output, "side-by-side");
        Directory.CreateDirectory(sideBySide);
        var png = new PngDecoder();
        using var jpegDecoder = new JpegDecoder();
        using var jpegEncoder = new JpegEncoder(quality: 95, ChromaSubsampling.Chroma444);
        var frames = new List<DemoFrame>();
        for (var i = 0; i < recorded.Count; i++)
        {
            var frame = recorded[i];
            var blurred = new byte[format.FrameBytes];
            var sharp = new byte[format.FrameBytes];
            RecordingEvaluation.ReadRgb(png, Path.Combine(recording, frame.File), format, blurred);
            RecordingEvaluation.ReadRgb(png, Path.Combine(recording, frame.SharpFile!), format, sharp);
            var got = received[i];
            var jpeg = File.ReadAllBytes(got.File);
            var header = jpegDecoder.ReadHeader(jpeg);
            if ((header.Width, header.Height) != (width, height))
                throw new InvalidDataException($"{got.File} is {header.Width}x{header.Height} and {frame.File} {width}x{height}: the device should give back the frame at its size.");
            var deblurred = new byte[width * height * 3];
            jpegDecoder.Decode(jpeg, deblurred, JpegPixelFormat.Rgb24);

            // blurred | deblurred | ground truth, one row of three.
            var row = new byte[width * 3 * 3 * height];
            for (var y = 0; y < height; y++)
            {
                var stride = width * 3;
                blurred.AsSpan(y * stride, stride).CopyTo(row.AsSpan((y * 3 * stride) + 0, stride));
                deblurred.AsSpan(y * stride, stride).CopyTo(row.AsSpan((y * 3 * stride) + stride, stride));
                sharp.AsSpan(y * stride, stride).CopyTo(row.AsSpan((y * 3 * stride) + (2 * stride), stride));
            }
            var name = string.Create(CultureInfo.InvariantCulture, $"frame-{frame.Id:D3}.jpg");
            DurableFile.WriteAtomically(Path.Combine(sideBySide, name), jpegEncoder.EncodeRgb(row, width * 3, height).Span);

            var before = RecordingEvaluation.Measure(blurred, sharp, width, height);
            var after = RecordingEvaluation.Measure(deblurred, sharp, width, height);
            frames.Add(new DemoFrame(i, got.FrameId, got.Model, got.Quality, before.Psnr, after.Psnr, before.Ssim, after.Ssim,
                Path.GetRelativePath(output, Path.Combine(sideBySide, name))));
        }
        return frames;
    }

    private static void WriteSummary(DemoResult result, DeviceDemoSettings settings)
    {
        var frames = new JsonArray();
        foreach (var f in result.Frames)
        {
            frames.Add(new JsonObject
            {
                ["index"] = f.Index, ["frame_id"] = f.FrameId, ["model"] = f.Model, ["gyro_quality"] = f.GyroQuality,
                ["input_psnr"] = Math.Round(f.InputPsnr, 3), ["output_psnr"] = Math.Round(f.OutputPsnr, 3),
                ["input_ssim"] = Math.Round(f.InputSsim, 4), ["output_ssim"] = Math.Round(f.OutputSsim, 4),
                ["side_by_side"] = f.SideBySide,
            });
        }
        var document = new JsonObject
        {
            ["recording"] = settings.Recording?.FullName,
            ["gyro_model"] = settings.GyroModel.FullName,
            ["blind_model"] = settings.BlindModel.FullName,
            ["fps"] = settings.FramesPerSecond,
            ["frames"] = frames,
            ["mean_input_psnr"] = result.Frames.Count > 0 ? Math.Round(result.Frames.Average(f => f.InputPsnr), 3) : null,
            ["mean_output_psnr"] = result.Frames.Count > 0 ? Math.Round(result.Frames.Average(f => f.OutputPsnr), 3) : null,
            ["mean_input_ssim"] = result.Frames.Count > 0 ? Math.Round(result.Frames.Average(f => f.InputSsim), 4) : null,
            ["mean_output_ssim"] = result.Frames.Count > 0 ? Math.Round(result.Frames.Average(f => f.OutputSsim), 4) : null,
            ["pipeline"] = JsonNode.Parse(result.Pipeline.ToJson()),
        };
        DurableFile.WriteAtomically(Path.Combine(result.Output, "summary.json"), Encoding.UTF8.GetBytes(document.ToJsonString(Indented) + "\n"));
    }

    private static string Describe(DemoResult result)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        if (result.Frames.Count > 0)
        {
            text.AppendLine("  frame  model                 gyro       PSNR blurred -> deblurred    SSIM blurred -> deblurred");
            foreach (var f in result.Frames)
                text.AppendLine(culture, $"  {f.Index,5}  {f.Model,-20}  {f.GyroQuality,-9}  {f.InputPsnr,8:0.00} -> {f.OutputPsnr,6:0.00} dB      {f.InputSsim,8:0.0000} -> {f.OutputSsim:0.0000}");
            var before = result.Frames.Average(f => f.InputPsnr);
            var after = result.Frames.Average(f => f.OutputPsnr);
            text.AppendLine(culture, $"  mean PSNR {before:0.00} -> {after:0.00} dB ({after - before:+0.00;-0.00} dB), SSIM {result.Frames.Average(f => f.InputSsim):0.0000} -> {result.Frames.Average(f => f.OutputSsim):0.0000}, deblurred frames as received over MQTT (JPEG quality 100)");
        }
        else
        {
            text.AppendLine("  (no recording: nothing to score; ./gyroedge demo makes one from ../shared/data when it is beside the checkout)");
        }
        foreach (var line in result.Pipeline.Describe().Split('\n'))
            text.AppendLine(culture, $"  {line}");
        text.AppendLine(culture, $"demo: -> {result.Output}: side-by-side/ (blurred | deblurred | ground truth), fleet/{DeviceId}/ (frames and meta.jsonl as the fleet watcher saved them), summary.json");
        return text.ToString();
    }
}
