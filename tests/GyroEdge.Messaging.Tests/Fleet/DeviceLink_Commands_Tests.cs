using System.Text;
using System.Text.Json.Nodes;
using GyroEdge.Messaging.Broker;
using GyroEdge.Messaging.Commands;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Tests.Support;

namespace GyroEdge.Messaging.Tests.Fleet;

/// <summary>Commands end to end: an operator's MQTT 5 request, the device's response with the same correlation data.</summary>
public sealed class DeviceLink_Commands_Tests : IClassFixture<LocalMosquittoBroker>, IAsyncLifetime, IDisposable
{
    private readonly LocalMosquittoBroker _broker;
    private readonly TemporaryDirectory _folder = new("commands");
    private readonly string _device = DeviceLinks.NewDeviceId();
    private readonly List<string> _problems = [];
    private int _jpegQuality = 90;
    private DeviceLink _link = null!;
    private CommandRequester _operator = null!;

    public DeviceLink_Commands_Tests(LocalMosquittoBroker broker)
    {
        _broker = broker;
    }

    public async Task InitializeAsync()
    {
        _link = new DeviceLink(DeviceLinks.Options(_broker, _device, _folder.Combine("outbox")));
        _link.Problem += (_, problem) =>
        {
            lock (_problems)
                _problems.Add(problem);
        };
        _link.Commands.Register(new SetCommand([
            RuntimeSetting.WholeNumber("jpeg_quality", "JPEG quality of published frames", 10, 100, () => _jpegQuality, value => _jpegQuality = value),
        ]));
        _link.Commands.Register(new ThrowingCommand());
        _operator = await CommandRequester.ConnectAsync(_broker, _device);
        await _link.ConnectAsync(Wait.Timeout);
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _operator?.Dispose();
        _link?.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Status_Answers_With_Versions_And_Outbox_Counters_Echoing_The_Correlation_Data()
    {
        var (response, message) = await _operator.SendAsync("status", "{}");

        Assert.True((bool)response["ok"]!);
        Assert.Equal("0.9.0-test", (string)response["result"]!["software"]!);
        Assert.Equal("gyrodeblur-s 1.2.0", (string)response["result"]!["models"]!["gyro"]!);
        Assert.Equal(0, (int)response["result"]!["outbox"]!["evicted"]!);
        Assert.True((bool)response["result"]!["mqtt"]!["connected"]!);
        Assert.Equal(16, message.Properties.CorrelationData.Length);
        Assert.Equal("application/json", message.Properties.ContentType);
    }

    [Fact]
    public async Task Set_Changes_A_Whitelisted_Setting_And_Reports_All_Values()
    {
        var (response, _) = await _operator.SendAsync("set", """{"settings":{"jpeg_quality":75}}""");

        Assert.True((bool)response["ok"]!);
        Assert.Equal(75, _jpegQuality);
        Assert.Equal(75, (int)response["result"]!["settings"]!["jpeg_quality"]!);
    }

    [Theory]
    [InlineData("""{"settings":{"jpeg_quality":101}}""", "from 10 to 100")]
    [InlineData("""{"settings":{"jpeg_quality":"high"}}""", "whole number")]
    [InlineData("""{"settings":{"model_path":"/tmp/evil.onnx"}}""", "cannot be set at runtime")]
    [InlineData("""{"settings":[1,2]}""", "expected an object")]
    [InlineData("""{"jpeg_quality":80}""", "needs {\"settings\"")]
    public async Task Set_Refuses_What_Is_Not_Whitelisted_Or_Out_Of_Range_And_Changes_Nothing(string payload, string expected)
    {
        var (response, _) = await _operator.SendAsync("set", payload);

        Assert.False((bool)response["ok"]!);
        Assert.Contains(expected, (string)response["error"]!, StringComparison.Ordinal);
        Assert.Equal(90, _jpegQuality);
    }

    [Theory]
    [InlineData("status", "{\"unterminated", "is not JSON")]
    [InlineData("status", "[1,2,3]", "is an array")]
    [InlineData("status", "\u00ff\u00fe binary", "is not JSON")]
    [InlineData("reboot-now", "{}", "there is no command \"reboot-now\"")]
    public async Task Answers_A_Malformed_Or_Unknown_Command_With_An_Error_And_Keeps_Running(string name, string payload, string expected)
    {
        var (response, _) = await _operator.SendAsync(name, payload);
        var (after, _) = await _operator.SendAsync("status", "{}");

        Assert.False((bool)response["ok"]!);
        Assert.Contains(expected, (string)response["error"]!, StringComparison.Ordinal);
        Assert.True((bool)after["ok"]!);
    }

    [Fact]
    public async Task Reports_A_Handler_Crash_As_An_Internal_Error_And_Keeps_Running()
    {
        var (response, _) = await _operator.SendAsync("explode", "{}");
        var (after, _) = await _operator.SendAsync("status", "{}");

        Assert.False((bool)response["ok"]!);
        Assert.Contains("internal error in cmd/explode", (string)response["error"]!, StringComparison.Ordinal);
        Assert.True((bool)after["ok"]!);
        lock (_problems)
            Assert.Contains(_problems, p => p.Contains("cmd/explode failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Snapshot_Arms_The_Next_Frame_Once()
    {
        var (response, _) = await _operator.SendAsync("snapshot", "");

        Assert.True((bool)response["ok"]!);
        Assert.True(_link.Snapshot.TryTake());
        Assert.False(_link.Snapshot.TryTake());
    }

    [Fact]
    public async Task Echoes_A_Request_Id_For_Requesters_Without_Correlation_Data()
    {
        var (response, _) = await _operator.SendAsync("status", """{"id":"op-42"}""");

        Assert.Equal("op-42", (string)response["id"]!);
    }

    [Fact]
    public async Task Answers_On_The_Default_Result_Topic_When_The_Response_Topic_Points_Elsewhere()
    {
        // A response topic on the device's own command topic would make it answer itself forever.
        var (response, message) = await _operator.SendAsync("status", "{}", responseTopic: $"gyroedge/v1/{_device}/cmd/status");

        Assert.True((bool)response["ok"]!);
        Assert.Equal($"gyroedge/v1/{_device}/cmd/status/result", message.Topic);
    }

    private sealed class ThrowingCommand : ICommandHandler
    {
        public string Name => "explode";
        public string Description => "a handler with a bug";

        public Task<JsonNode?> HandleAsync(CommandRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a bug in a handler");
    }
}
