using System.Text.Json.Nodes;

namespace GyroEdge.Messaging.Commands;

/// <summary>
/// <c>cmd/snapshot</c>: asks for the next frame at full quality. The pipeline polls
/// <see cref="TryTake"/> once per frame and, when it returns true, encodes that frame at quality 100
/// and marks it <c>snapshot=true</c>.
/// </summary>
public sealed class SnapshotCommand : ICommandHandler
{
    private int _requested;

    public string Name => "snapshot";
    public string Description => "publish the next frame at full JPEG quality";

    /// <summary>True once per request: the frame being encoded now is the snapshot.</summary>
    public bool TryTake() => Interlocked.Exchange(ref _requested, 0) == 1;

    public Task<JsonNode?> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _requested, 1);
        return Task.FromResult<JsonNode?>(new JsonObject { ["armed"] = true, ["note"] = "the next frame is published at full quality with snapshot=true" });
    }
}
