using System.Text.Json.Nodes;

namespace GyroEdge.Messaging.Fleet;

/// <summary>
/// What the retained status message says about a device besides online/offline: the software it
/// runs, the models it has loaded, and a summary of its calibration.
/// </summary>
/// <param name="SoftwareVersion">GyroEdge's version, e.g. "0.3.1".</param>
/// <param name="ModelVersions">Model role to "name version", e.g. gyro → "gyrodeblur-s 1.2.0", blind → "gyrodeblur-s-blind 1.2.0".</param>
/// <param name="Calibration">A summary the host builds (IMU-to-camera rotation, time offset, intrinsics); copied into the status as is.</param>
public sealed record DeviceDescription(string SoftwareVersion, IReadOnlyDictionary<string, string> ModelVersions, JsonObject? Calibration = null);
