using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Outbox;

namespace GyroEdge.Messaging.Tests.Support;

/// <summary>Device links for tests: a unique device id, a private outbox, one-second reconnects.</summary>
internal static class DeviceLinks
{
    public static string NewDeviceId(string prefix = "cam") => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    public static DeviceLinkOptions Options(LocalMosquittoBroker broker, string deviceId, string outboxDirectory, long maxBytes = 64L * 1024 * 1024) => Options(broker.Host, broker.Port, deviceId, outboxDirectory, maxBytes);

    public static DeviceLinkOptions Options(string host, int port, string deviceId, string outboxDirectory, long maxBytes = 64L * 1024 * 1024) => new()
    {
        DeviceId = deviceId,
        Mqtt = new MqttClientOptions
        {
            Host = host,
            Port = port,
            KeepAliveSeconds = 10,
            ReconnectDelaySeconds = 1,
            ReconnectDelayMaxSeconds = 1,
            ReconnectExponentialBackoff = false,
        },
        Outbox = new OutboxOptions { Directory = outboxDirectory, MaxBytes = maxBytes },
        Description = new DeviceDescription("0.9.0-test", new Dictionary<string, string> { ["gyro"] = "gyrodeblur-s 1.2.0", ["blind"] = "gyrodeblur-s-blind 1.2.0" }),
        TelemetryInterval = null,
    };
}
