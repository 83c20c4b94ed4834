using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GyroEdge.Messaging.Commands;
using GyroEdge.Messaging.Fleet;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Messaging.Tests.Support;

namespace GyroEdge.Messaging.Tests.Commands;

/// <summary>model-update through the router, without a broker: requests in, responses captured.</summary>
public sealed class ModelUpdateCommand_Tests : IDisposable
{
    private const string Device = "cam-01";
    private readonly TemporaryDirectory _folder = new("model-update");
    private readonly List<JsonObject> _responses = [];
    private readonly List<ModelPackage> _installed = [];
    private readonly CommandRouter _router;
    private readonly ModelUpdateCommand _command;
    private readonly ModelStore _store;
    private Func<string, Task> _load = _ => Task.CompletedTask;

    public ModelUpdateCommand_Tests()
    {
        _store = new ModelStore(_folder.Combine("models"));
        _command = new ModelUpdateCommand(_folder.Combine("staging"), async (package, cancel) =>
        {
            _installed.Add(package);
            var path = await _store.InstallAsync(package, (p, _) => _load(p), cancel);
            return new JsonObject { ["path"] = path };
        });
        _router = new CommandRouter(new DeviceTopics(Device), (_, payload, _) =>
        {
            _responses.Add((JsonObject)JsonNode.Parse(payload)!);
            return new PublishResult(PublishStatus.Queued, 1);
        });
        _router.Register(_command);
    }

    public void Dispose()
    {
        _router.Dispose();
        _command.Dispose();
        _store.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Installs_A_Package_Sent_In_Chunks_Once_Size_And_Sha256_Match()
    {
        var package = RandomNumberGenerator.GetBytes(2_500_000);

        foreach (var chunk in Chunks("t1", "gyrodeblur-s-1.3.0.onnx", package, chunkBytes: 1024 * 1024))
            await SendAsync(chunk);

        Assert.All(_responses, r => Assert.True((bool)r["ok"]!, r.ToJsonString()));
        Assert.Equal([1, 2], _responses.Take(2).Select(r => (int)r["result"]!["received"]!));
        Assert.True((bool)_responses[^1]["result"]!["installed"]!);
        Assert.Equal(package, await File.ReadAllBytesAsync(_store.CurrentPath!));
        Assert.Empty(Directory.GetFiles(_folder.Combine("staging")));
    }

    [Fact]
    public async Task Discards_A_Package_Whose_Sha256_Does_Not_Match()
    {
        var package = RandomNumberGenerator.GetBytes(1000);
        var chunks = Chunks("t2", "m.onnx", package, chunkBytes: 600, announcedSha256: new string('a', 64));

        foreach (var chunk in chunks)
            await SendAsync(chunk);

        Assert.False((bool)_responses[^1]["ok"]!);
        Assert.Contains("SHA-256", (string)_responses[^1]["error"]!, StringComparison.Ordinal);
        Assert.Empty(_installed);
        Assert.Null(_store.CurrentPath);
        Assert.Empty(Directory.GetFiles(_folder.Combine("staging")));
    }

    [Fact]
    public async Task Acknowledges_A_Repeated_Chunk_Without_Writing_It_Twice()
    {
        var package = RandomNumberGenerator.GetBytes(1500);
        var chunks = Chunks("t3", "m.onnx", package, chunkBytes: 500);

        await SendAsync(chunks[0]);
        await SendAsync(chunks[1]);
        await SendAsync(chunks[1]);
        await SendAsync(chunks[2]);

        Assert.True((bool)_responses[2]["result"]!["repeated"]!);
        Assert.True((bool)_responses[^1]["result"]!["installed"]!);
        Assert.Equal(package, await File.ReadAllBytesAsync(_store.CurrentPath!));
    }

    [Fact]
    public async Task Refuses_Chunks_Out_Of_Order()
    {
        var chunks = Chunks("t4", "m.onnx", RandomNumberGenerator.GetBytes(1500), chunkBytes: 500);

        await SendAsync(chunks[0]);
        await SendAsync(chunks[2]);

        Assert.False((bool)_responses[^1]["ok"]!);
        Assert.Contains("expected chunk 1", (string)_responses[^1]["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_A_Model_That_Fails_To_Load_And_Keeps_The_Old_One()
    {
        var good = RandomNumberGenerator.GetBytes(100);
        foreach (var chunk in Chunks("t5", "good.onnx", good, chunkBytes: 100))
            await SendAsync(chunk);
        _load = _ => throw new InvalidDataException("not a GyroEdge model");

        foreach (var chunk in Chunks("t6", "bad.onnx", RandomNumberGenerator.GetBytes(100), chunkBytes: 100))
            await SendAsync(chunk);

        Assert.False((bool)_responses[^1]["ok"]!);
        Assert.Contains("rolled back", (string)_responses[^1]["error"]!, StringComparison.Ordinal);
        Assert.Equal(good, await File.ReadAllBytesAsync(_store.CurrentPath!));
    }

    [Theory]
    [InlineData("""{"transfer":"x","file":"../../etc/passwd","index":0,"total":1,"size":1,"sha256":"00","data":""}""", "plain file name")]
    [InlineData("""{"transfer":"x","file":"m.onnx","index":0,"total":1,"size":1,"sha256":"zz","data":""}""", "64 hex digits")]
    [InlineData("""{"transfer":"x","file":"m.onnx","index":3,"total":2,"size":1,"sha256":"0000000000000000000000000000000000000000000000000000000000000000","data":""}""", "not below")]
    [InlineData("""{"transfer":"x","file":"m.onnx","index":0,"total":1,"size":4,"sha256":"0000000000000000000000000000000000000000000000000000000000000000","data":"!!not base64!!"}""", "not base64")]
    [InlineData("""{"file":"m.onnx"}""", "needs \"transfer\"")]
    [InlineData("""{"transfer":"x","file":"m.onnx","index":1,"total":2,"size":1,"sha256":"0000000000000000000000000000000000000000000000000000000000000000","data":""}""", "not in progress")]
    public async Task Answers_A_Malformed_Chunk_With_An_Error(string payload, string expected)
    {
        await SendAsync(payload);

        Assert.False((bool)_responses[^1]["ok"]!);
        Assert.Contains(expected, (string)_responses[^1]["error"]!, StringComparison.Ordinal);
    }

    private Task SendAsync(string payload) =>
        _router.HandleAsync(new MqttReceivedMessage($"gyroedge/v1/{Device}/cmd/model-update", Encoding.UTF8.GetBytes(payload), MqttQos.AtLeastOnce, false, 1, new MqttPublishProperties()));

    private static List<string> Chunks(string transfer, string file, byte[] package, int chunkBytes, string? announcedSha256 = null)
    {
        var sha = announcedSha256 ?? Convert.ToHexStringLower(SHA256.HashData(package));
        var total = (package.Length + chunkBytes - 1) / chunkBytes;
        return [.. Enumerable.Range(0, total).Select(i => new JsonObject
        {
            ["transfer"] = transfer,
            ["file"] = file,
            ["index"] = i,
            ["total"] = total,
            ["size"] = package.Length,
            ["sha256"] = sha,
            ["data"] = Convert.ToBase64String(package.AsSpan(i * chunkBytes, Math.Min(chunkBytes, package.Length - i * chunkBytes))),
        }.ToJsonString())];
    }
}
