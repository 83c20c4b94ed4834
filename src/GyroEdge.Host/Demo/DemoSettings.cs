namespace GyroEdge.Host.Demo;

/// <summary>What `gyroedge demo` was asked to do.</summary>
/// <param name="Model">The ONNX model (the contract's inputs: image, rotations, intrinsics).</param>
/// <param name="Frame">A JPEG photo to use as the camera frame, or null for a generated pattern.</param>
/// <param name="Output">Where the received frame and its metadata are written.</param>
/// <param name="Broker">An existing broker, or null to start mosquitto on loopback.</param>
public sealed record DemoSettings(FileInfo Model, FileInfo? Frame, DirectoryInfo Output, BrokerEndpoint? Broker);
