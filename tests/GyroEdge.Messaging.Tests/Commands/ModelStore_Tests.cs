using GyroEdge.Messaging.Commands;
using GyroEdge.Messaging.Tests.Support;

namespace GyroEdge.Messaging.Tests.Commands;

public sealed class ModelStore_Tests : IDisposable
{
    private readonly TemporaryDirectory _folder = new("models");
    private readonly ModelStore _store;

    public ModelStore_Tests()
    {
        _store = new ModelStore(_folder.Combine("models"));
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Points_Current_At_The_New_Package_And_Keeps_The_One_Before_As_Previous()
    {
        var first = await _store.InstallAsync(Package("m-1.onnx", "one"), Loads);
        var second = await _store.InstallAsync(Package("m-2.onnx", "two"), Loads);

        Assert.Equal(second, _store.CurrentPath);
        Assert.Equal(first, _store.PreviousPath);
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Combine(_store.Directory, "current")));
        Assert.NotNull(new FileInfo(Path.Combine(_store.Directory, "current")).LinkTarget);
    }

    [Fact]
    public async Task Rolls_Back_To_The_Model_In_Use_When_The_New_One_Fails_To_Load()
    {
        var good = await _store.InstallAsync(Package("m-1.onnx", "good"), Loads);
        var broken = Package("m-2.onnx", "broken");

        var error = await Assert.ThrowsAsync<ModelRolledBackException>(() =>
            _store.InstallAsync(broken, (path, _) => throw new InvalidDataException($"{Path.GetFileName(path)} is not an ONNX model")));

        Assert.Equal(good, _store.CurrentPath);
        Assert.Equal("good", await File.ReadAllTextAsync(Path.Combine(_store.Directory, "current")));
        Assert.Contains("is not an ONNX model", error.Message, StringComparison.Ordinal);
        Assert.Contains("rolled back", error.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_store.Directory, "versions")));
    }

    [Fact]
    public async Task Leaves_No_Current_Model_When_The_Very_First_One_Fails_To_Load()
    {
        await Assert.ThrowsAsync<ModelRolledBackException>(() =>
            _store.InstallAsync(Package("m-1.onnx", "broken"), (_, _) => throw new InvalidDataException("bad")));

        Assert.Null(_store.CurrentPath);
        Assert.False(File.Exists(Path.Combine(_store.Directory, "current")));
    }

    [Fact]
    public async Task Prunes_Versions_Older_Than_Previous()
    {
        await _store.InstallAsync(Package("m-1.onnx", "1"), Loads);
        await _store.InstallAsync(Package("m-2.onnx", "2"), Loads);
        await _store.InstallAsync(Package("m-3.onnx", "3"), Loads);

        var kept = Directory.GetFiles(Path.Combine(_store.Directory, "versions")).Select(Path.GetFileName).Order().ToList();

        Assert.Equal(2, kept.Count);
        Assert.EndsWith("m-2.onnx", kept[0], StringComparison.Ordinal);
        Assert.EndsWith("m-3.onnx", kept[1], StringComparison.Ordinal);
    }

    private static Task Loads(string path, CancellationToken cancellationToken) => Task.CompletedTask;

    private ModelPackage Package(string name, string content)
    {
        var path = _folder.Combine(Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, content);
        return new ModelPackage(path, name, content.Length, new string('0', 64));
    }
}
