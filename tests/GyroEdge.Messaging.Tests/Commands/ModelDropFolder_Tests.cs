using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GyroEdge.Messaging.Commands;
using GyroEdge.Messaging.Tests.Support;

namespace GyroEdge.Messaging.Tests.Commands;

public sealed class ModelDropFolder_Tests : IDisposable
{
    private readonly TemporaryDirectory _folder = new("drop");
    private readonly List<ModelPackage> _installed = [];
    private readonly ModelDropFolder _drop;

    public ModelDropFolder_Tests()
    {
        _drop = new ModelDropFolder(_folder.Combine("incoming"), (package, _) =>
        {
            _installed.Add(package);
            File.Move(package.Path, _folder.Combine(package.FileName));
            return Task.FromResult<JsonNode?>(new JsonObject { ["ok"] = true });
        });
    }

    public void Dispose()
    {
        _drop.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Installs_A_Package_Once_Its_Checksum_File_Appears()
    {
        var bytes = RandomNumberGenerator.GetBytes(4096);
        File.WriteAllBytes(Path.Combine(_drop.Directory, "m-2.onnx"), bytes);

        var beforeChecksum = await _drop.ScanAsync();
        File.WriteAllText(Path.Combine(_drop.Directory, "m-2.onnx.sha256"), $"{Convert.ToHexStringLower(SHA256.HashData(bytes))}  m-2.onnx\n");
        var afterChecksum = await _drop.ScanAsync();

        Assert.Equal(0, beforeChecksum);
        Assert.Equal(1, afterChecksum);
        var package = Assert.Single(_installed);
        Assert.Equal("m-2.onnx", package.FileName);
        Assert.Equal(4096, package.Size);
        Assert.Empty(Directory.GetFiles(_drop.Directory));
    }

    [Fact]
    public async Task Moves_A_Package_That_Does_Not_Match_Its_Checksum_Aside_With_The_Reason()
    {
        File.WriteAllBytes(Path.Combine(_drop.Directory, "m-3.onnx"), RandomNumberGenerator.GetBytes(100));
        File.WriteAllText(Path.Combine(_drop.Directory, "m-3.onnx.sha256"), new string('b', 64));
        var events = new List<ModelDropEventArgs>();
        _drop.Processed += (_, e) => events.Add(e);

        var installed = await _drop.ScanAsync();

        Assert.Equal(0, installed);
        Assert.Empty(_installed);
        Assert.True(File.Exists(Path.Combine(_drop.Directory, "rejected", "m-3.onnx")));
        Assert.Contains("SHA-256", File.ReadAllText(Path.Combine(_drop.Directory, "rejected", "m-3.onnx.error")), StringComparison.Ordinal);
        Assert.False(Assert.Single(events).Installed);
    }
}
