using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GyroEdge.Host.Recording;
using GyroEdge.Imaging.Pixels;
using GyroEdge.Imaging.TurboJpeg;
using GyroEdge.Inference.OnnxRuntime;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Mosquitto;

namespace GyroEdge.Host.Demo;

/// <summary>
/// The demo at this stage of the project: one frame through the real chain. ONNX Runtime runs
/// the model (through GyroEdge's binding), libturbojpeg encodes the result, libmosquitto
/// publishes it at QoS 1 with the frame's metadata as MQTT 5 user properties to a broker, and a
/// second client receives it back; what arrived is written to the output folder.
/// </summary>
public static class DemoRun
{
    private const string DeviceId = "demo";
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(10);
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<string> ExecuteAsync(DemoSettings settings, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var frame = settings.Frame is null ? SampleFrame.Generated() : SampleFrame.FromJpeg(settings.Frame);

        var (sharpRgb, inferMs, rotationCount) = Deblur(settings.Model, frame);

        using var encoder = new JpegEncoder(quality: 90);
        var inputJpeg = encoder.EncodeRgb(frame.Rgb, frame.Width, frame.Height).ToArray();
        var encodeClock = Stopwatch.StartNew();
        var frameJpeg = encoder.EncodeRgb(sharpRgb, frame.Width, frame.Height).ToArray();
        var encodeMs = encodeClock.Elapsed.TotalMilliseconds;

        var topic = $"gyroedge/v1/{DeviceId}/frame";
        var properties = new MqttPublishProperties
        {
            ContentType = "image/jpeg",
            UserProperties =
            [
                new("frame_id", "0"),
                new("width", frame.Width.ToString(CultureInfo.InvariantCulture)),
                new("height", frame.Height.ToString(CultureInfo.InvariantCulture)),
                new("model", settings.Model.Name),
                new("rotations", rotationCount.ToString(CultureInfo.InvariantCulture)),
                new("provider", "CPU"),
                new("onnxruntime", OnnxRuntimeLibrary.Version),
                new("infer_ms", inferMs.ToString("F2", CultureInfo.InvariantCulture)),
                new("encode_ms", encodeMs.ToString("F2", CultureInfo.InvariantCulture)),
                new("wall_time", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)),
            ],
        };

        using var localBroker = settings.Broker is null ? LocalMosquittoBroker.Launch() : null;
        var endpoint = settings.Broker ?? new BrokerEndpoint(localBroker!.Host, localBroker.Port);
        var (received, roundTripMs) = await PublishAndReceiveAsync(endpoint, topic, frameJpeg, properties, cancel).ConfigureAwait(false);

        if (!received.Payload.Span.SequenceEqual(frameJpeg))
            throw new InvalidDataException($"The frame received on {topic} differs from the one published ({received.Payload.Length} vs {frameJpeg.Length} bytes).");

        Directory.CreateDirectory(settings.Output.FullName);
        DurableFile.WriteAtomically(Path.Combine(settings.Output.FullName, "input.jpg"), inputJpeg);
        DurableFile.WriteAtomically(Path.Combine(settings.Output.FullName, "frame.jpg"), received.Payload.ToArray());
        var metadata = new Dictionary<string, string>
        {
            ["topic"] = received.Topic,
            ["content_type"] = received.Properties.ContentType ?? "",
        };
        foreach (var property in received.Properties.UserProperties)
            metadata[property.Name] = property.Value;
        DurableFile.WriteAtomically(
            Path.Combine(settings.Output.FullName, "frame.json"),
            JsonSerializer.SerializeToUtf8Bytes(metadata, Indented));

        return string.Create(CultureInfo.InvariantCulture,
            $"demo: {frame.Source} ({frame.Width}x{frame.Height}) through {settings.Model.Name} on ONNX Runtime {OnnxRuntimeLibrary.Version} CPU "
            + $"in {inferMs:F1} ms, JPEG {frameJpeg.Length / 1024.0:F1} KiB in {encodeMs:F1} ms, "
            + $"published and received over MQTT at {endpoint} in {roundTripMs:F1} ms -> {settings.Output.FullName}");
    }

    private static (byte[] SharpRgb, double InferMs, int RotationCount) Deblur(FileInfo model, SampleFrame frame)
    {
        if (!model.Exists)
            throw new FileNotFoundException($"--model {model.FullName} does not exist; ./gyroedge demo exports the trainer's contract probe there.", model.FullName);
        using var session = OrtEnvironment.Instance.CreateSession(model.FullName, new OrtSessionOptions { IntraOpThreads = Environment.ProcessorCount });
        var rotationCount = ContractRotationCount(session, frame);

        using var image = new OrtTensorBuffer(1, 3, frame.Height, frame.Width);
        using var rotations = new OrtTensorBuffer(1, rotationCount, 3, 3);
        using var intrinsics = new OrtTensorBuffer(1, 3, 3);
        using var sharp = new OrtTensorBuffer(1, 3, frame.Height, frame.Width);
        PlanarRgb.FromInterleaved(frame.Rgb, frame.Width, frame.Height, image.Span);
        // Half a degree either way about a mostly-vertical axis: a few pixels of shake at 70 degrees.
        DemoMotion.WriteRotations(rotations.Span, rotationCount, (0.2, 1.0, 0.1), Math.PI / 360.0);
        DemoMotion.WriteIntrinsics(intrinsics.Span, frame.Width, frame.Height, horizontalFovDegrees: 70.0);

        var binding = session.Bind(
            new Dictionary<string, OrtTensorBuffer> { ["image"] = image, ["rotations"] = rotations, ["intrinsics"] = intrinsics },
            new Dictionary<string, OrtTensorBuffer> { ["sharp"] = sharp });
        var clock = Stopwatch.StartNew();
        session.Run(binding);
        var inferMs = clock.Elapsed.TotalMilliseconds;

        var rgb = new byte[frame.Rgb.Length];
        PlanarRgb.ToInterleaved(sharp.Span, frame.Width, frame.Height, rgb);
        return (rgb, inferMs, rotationCount);
    }

    /// <summary>M from the model's rotations input [1,M,3,3]; refuses a model that is not the contract's.</summary>
    private static int ContractRotationCount(OrtSession session, SampleFrame frame)
    {
        var names = session.Inputs.Select(i => i.Name).ToArray();
        if (!names.SequenceEqual(["image", "rotations", "intrinsics"]) || session.Outputs.All(o => o.Name != "sharp"))
        {
            throw new InvalidDataException(
                $"{session.ModelName} is not a GyroEdge model: the contract (DESIGN.md) takes image, rotations, intrinsics and gives sharp; "
                + $"this model takes {string.Join(", ", names)} and gives {string.Join(", ", session.Outputs.Select(o => o.Name))}.");
        }
        var image = session.Inputs[0].Shape;
        if ((image[2] > 0 && image[2] != frame.Height) || (image[3] > 0 && image[3] != frame.Width))
        {
            throw new InvalidDataException(
                $"{session.ModelName} takes {image[3]}x{image[2]} frames only and this frame is {frame.Width}x{frame.Height}; "
                + "use a model exported with dynamic height and width, or a frame of that size.");
        }
        var m = session.Inputs[1].Shape[1];
        if (m < 1)
            throw new InvalidDataException($"{session.ModelName} leaves M (rotations per exposure) dynamic; the contract fixes it in the model.");
        return (int)m;
    }

    private static async Task<(MqttReceivedMessage Message, double RoundTripMs)> PublishAndReceiveAsync(
        BrokerEndpoint broker, string topic, byte[] payload, MqttPublishProperties properties, CancellationToken cancel)
    {
        var received = new TaskCompletionSource<MqttReceivedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var acknowledged = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        using var subscriber = new MosquittoClient(new MqttClientOptions { ClientId = $"gyroedge-demo-watch-{Environment.ProcessId}", Host = broker.Host, Port = broker.Port });
        using var publisher = new MosquittoClient(new MqttClientOptions { ClientId = $"gyroedge-demo-{Environment.ProcessId}", Host = broker.Host, Port = broker.Port });
        subscriber.MessageReceived += (_, e) => received.TrySetResult(e.Message);
        publisher.PublishCompleted += (_, e) => acknowledged.TrySetResult(e.MessageId);

        await subscriber.ConnectAsync(NetworkTimeout, cancel).ConfigureAwait(false);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, cancellationToken: cancel).ConfigureAwait(false);
        await publisher.ConnectAsync(NetworkTimeout, cancel).ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        var result = publisher.Publish(topic, payload, MqttQos.AtLeastOnce, retain: false, properties);
        if (result.Status != PublishStatus.Queued)
            throw new IOException($"Publishing the frame to {broker} failed: {result.Status}.");
        var message = await received.Task.WaitAsync(NetworkTimeout, cancel).ConfigureAwait(false);
        var roundTripMs = clock.Elapsed.TotalMilliseconds;
        var ackedId = await acknowledged.Task.WaitAsync(NetworkTimeout, cancel).ConfigureAwait(false);
        if (ackedId != result.MessageId)
            throw new IOException($"The broker acknowledged message {ackedId}, not the frame's {result.MessageId}.");

        publisher.Disconnect();
        subscriber.Disconnect();
        return (message, roundTripMs);
    }
}
